import { ChannelPhotoResolver, MessageMediaResolver, PostMediaResolver, UserAvatarResolver } from './media-fields.resolver';
import { MediaResolver } from './media.resolver';

/** The media section of the API (registered in ../resolvers.ts). */
export const MEDIA_RESOLVERS = [MediaResolver, MessageMediaResolver, UserAvatarResolver, ChannelPhotoResolver, PostMediaResolver];
