import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AttachToPostRequest,
  ChannelIdsRequest,
  CheckUsableRequest,
  GetManyMediaRequest,
  GetMediaForViewerRequest,
  LocateMediaRequest,
  MediaSubjects,
  PostIdsRequest,
  SetAvatarRequest,
  SetChannelPhotoRequest,
  UserIdsRequest,
} from '@app/contracts';
import { AttachmentService } from '../attachments/attachment.service';
import { MediaService } from './media.service';

@Controller()
export class MediaController {
  constructor(
    private readonly media: MediaService,
    private readonly attachments: AttachmentService,
  ) {}

  @MessagePattern(MediaSubjects.GetForViewer)
  getForViewer(@Payload() input: GetMediaForViewerRequest) {
    return this.media.getForViewer(input.viewerId, input.mediaId);
  }

  @MessagePattern(MediaSubjects.GetMany)
  getMany(@Payload() input: GetManyMediaRequest) {
    return this.media.getMany(input.ids);
  }

  @MessagePattern(MediaSubjects.CheckUsable)
  checkUsable(@Payload() input: CheckUsableRequest) {
    return this.media.checkUsable(input);
  }

  @MessagePattern(MediaSubjects.Locate)
  locate(@Payload() input: LocateMediaRequest) {
    return this.media.locate(input.mediaId, input.variant);
  }

  @MessagePattern(MediaSubjects.SetAvatar)
  setAvatar(@Payload() input: SetAvatarRequest) {
    return this.attachments.setAvatar(input);
  }

  @MessagePattern(MediaSubjects.Avatars)
  avatars(@Payload() input: UserIdsRequest) {
    return this.attachments.avatars(input.userIds);
  }

  @MessagePattern(MediaSubjects.SetChannelPhoto)
  setChannelPhoto(@Payload() input: SetChannelPhotoRequest) {
    return this.attachments.setChannelPhoto(input);
  }

  @MessagePattern(MediaSubjects.ChannelPhotos)
  channelPhotos(@Payload() input: ChannelIdsRequest) {
    return this.attachments.channelPhotos(input.channelIds);
  }

  @MessagePattern(MediaSubjects.AttachToPost)
  attachToPost(@Payload() input: AttachToPostRequest) {
    return this.attachments.attachToPost(input);
  }

  @MessagePattern(MediaSubjects.PostMedia)
  postMedia(@Payload() input: PostIdsRequest) {
    return this.attachments.postMedia(input.postIds);
  }
}
