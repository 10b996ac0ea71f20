import { ResolveField, Resolver } from '@nestjs/graphql';
import { UserModel } from '../accounts/user.model';
import { GqlContext } from '../graphql/context';
import { MessageModel } from '../messaging/message.model';
import { ChannelModel, PostModel } from '../news/news.models';
import { avatarLoader, channelPhotoLoader, mediaLoader, postMediaLoader } from './media.loaders';
import { MediaModel } from './media.model';

/**
 * Media where the contract puts it. Whoever sees a message, post, user or
 * channel may see its media, so these ask media for no access check (the
 * owning service made it when it gave the message or post).
 */
@Resolver(() => MessageModel)
export class MessageMediaResolver {
  @ResolveField('media', () => [MediaModel], { description: 'Sent with the message, in the order given (an album); empty for none.' })
  async media(message: MessageModel, _args: unknown, ctx: GqlContext) {
    if (!message.mediaIds?.length) return [];
    const found = await mediaLoader(ctx).loadMany(message.mediaIds);
    return found.filter((m) => m && !(m instanceof Error));
  }
}

@Resolver(() => UserModel)
export class UserAvatarResolver {
  @ResolveField('avatar', () => MediaModel, { nullable: true })
  avatar(user: UserModel, _args: unknown, ctx: GqlContext) {
    return avatarLoader(ctx).load(user.id);
  }
}

@Resolver(() => ChannelModel)
export class ChannelPhotoResolver {
  @ResolveField('photo', () => MediaModel, { nullable: true })
  photo(channel: ChannelModel, _args: unknown, ctx: GqlContext) {
    return channelPhotoLoader(ctx).load(channel.id);
  }
}

@Resolver(() => PostModel)
export class PostMediaResolver {
  @ResolveField('media', () => [MediaModel])
  media(post: PostModel, _args: unknown, ctx: GqlContext) {
    return postMediaLoader(ctx).load(post.id);
  }
}
