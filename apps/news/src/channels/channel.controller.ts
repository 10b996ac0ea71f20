import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddChannelAdminRequest,
  CreateChannelRequest,
  GetChannelRequest,
  GetChannelsRequest,
  ListChannelsRequest,
  NewsSubjects,
  UpdateChannelRequest,
} from '@app/contracts';
import { ChannelService } from './channel.service';

@Controller()
export class ChannelController {
  constructor(private readonly channels: ChannelService) {}

  @MessagePattern(NewsSubjects.CreateChannel)
  create(@Payload() input: CreateChannelRequest) {
    return this.channels.create(input);
  }

  @MessagePattern(NewsSubjects.UpdateChannel)
  update(@Payload() input: UpdateChannelRequest) {
    return this.channels.update(input);
  }

  @MessagePattern(NewsSubjects.GetChannel)
  get(@Payload() input: GetChannelRequest) {
    return this.channels.get(input.viewerId, input.id, input.handle);
  }

  @MessagePattern(NewsSubjects.GetChannels)
  getMany(@Payload() input: GetChannelsRequest) {
    return this.channels.getMany(input.viewerId, input.ids);
  }

  @MessagePattern(NewsSubjects.ListChannels)
  list(@Payload() input: ListChannelsRequest) {
    return this.channels.list(input.viewerId, input.query, input.first, input.after);
  }

  @MessagePattern(NewsSubjects.AddChannelAdmin)
  addAdmin(@Payload() input: AddChannelAdminRequest) {
    return this.channels.addAdmin(input.viewerId, input.channelId, input.targetId);
  }
}
