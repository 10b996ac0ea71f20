import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { AccountsSubjects, MediaSubjects, NewsSubjects } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { DateTimeScalar } from '../graphql/scalars';
import { UserModel } from '../accounts/user.model';
import { ChannelModel } from '../news/news.models';
import { MEDIA_ID, StartUploadInput } from './media.inputs';
import { MediaModel, UploadTicketModel } from './media.model';
import { GatewayEnv } from '../config/gateway.env';
import { MediaUrls } from './media-urls';

/** The Media section: uploads, Query.media, avatars and channel photos; each Media's signed URLs. */
@Resolver(() => MediaModel)
export class MediaResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly urls: MediaUrls,
    private readonly env: GatewayEnv,
  ) {}

  @Query(() => MediaModel, { nullable: true, description: 'Null when there is no such media or the viewer may not see it.' })
  media(@CurrentViewer() viewer: Viewer, @Args('id', MEDIA_ID) id: string) {
    return this.rpc.send(MediaSubjects.GetForViewer, { viewerId: viewer.userId, mediaId: id });
  }

  @Mutation(() => UploadTicketModel)
  async startUpload(@CurrentViewer() viewer: Viewer, @Args('input') input: StartUploadInput): Promise<UploadTicketModel> {
    const started = await this.rpc.send(MediaSubjects.StartUpload, { viewerId: viewer.userId, ...input });
    return {
      mediaId: started.mediaId,
      uploadUrl: this.urls.upload(started.mediaId, new Date(started.expiresAt)).url,
      expiresAt: started.expiresAt,
    };
  }

  @Mutation(() => MediaModel, {
    description: 'Checks what arrived (size, sha256, type), removes photo metadata (EXIF, GPS), makes the thumbnail and preview.',
  })
  finishUpload(@CurrentViewer() viewer: Viewer, @Args('mediaId', MEDIA_ID) mediaId: string) {
    return this.rpc.send(MediaSubjects.FinishUpload, { viewerId: viewer.userId, mediaId }, { timeoutMs: this.env.MEDIA_FINISH_TIMEOUT_MS });
  }

  @Mutation(() => UserModel, { description: "A finished PHOTO upload of the viewer's; null removes the avatar." })
  async setAvatar(@CurrentViewer() viewer: Viewer, @Args('mediaId', { ...MEDIA_ID, nullable: true }) mediaId: string | null) {
    await this.rpc.send(MediaSubjects.SetAvatar, { viewerId: viewer.userId, mediaId });
    return this.rpc.send(AccountsSubjects.GetUser, { viewerId: viewer.userId, id: viewer.userId });
  }

  @Mutation(() => ChannelModel, { description: 'Owners and admins; null removes the photo.' })
  async setChannelPhoto(
    @CurrentViewer() viewer: Viewer,
    @Args('channelId', MEDIA_ID) channelId: string,
    @Args('mediaId', { ...MEDIA_ID, nullable: true }) mediaId: string | null,
  ) {
    await this.rpc.send(MediaSubjects.SetChannelPhoto, { viewerId: viewer.userId, channelId, mediaId });
    return this.rpc.send(NewsSubjects.GetChannel, { viewerId: viewer.userId, id: channelId });
  }

  @ResolveField('url', () => String, {
    description: 'Where to GET the bytes (range requests work); valid until urlExpiresAt for whoever holds it.',
  })
  url(media: MediaModel) {
    return this.urls.download(media.id, 'file', this.expiry(media));
  }

  @ResolveField('thumbnailUrl', () => String, {
    nullable: true,
    description: 'A small JPEG or WebP (at most 320 px on the long side) for PHOTO and VIDEO.',
  })
  thumbnailUrl(media: MediaModel) {
    return media.hasThumbnail ? this.urls.download(media.id, 'thumb', this.expiry(media)) : null;
  }

  @ResolveField('urlExpiresAt', () => DateTimeScalar)
  urlExpiresAt(media: MediaModel) {
    return new Date(this.expiry(media) * 1000).toISOString();
  }

  /** One expiry for a media's URLs and its urlExpiresAt, even across a period's end. */
  private expiry(media: MediaModel): number {
    return (media.urlExp ??= this.urls.downloadExpiry());
  }
}
