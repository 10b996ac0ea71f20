import { AuthResolver } from './accounts/auth.resolver';
import { UserResolver } from './accounts/user.resolver';
// schema.gql lists object types in the order their classes are first loaded.
// News's models loaded before messaging's while they held the shared
// PageInfo and ReactionCount; loading them here first keeps the published
// schema as it was, byte for byte.
import './news/news.models';
import { MESSAGING_RESOLVERS } from './messaging/messaging.resolvers';
import { NEWS_RESOLVERS } from './news/news.resolvers';
import { NotificationResolver } from './notifications/notification.resolver';
import { PAYMENTS_RESOLVERS } from './payments/payments.resolvers';
import { MEDIA_RESOLVERS } from './media/media.resolvers';

/** Every resolver of the public API; also what print-schema builds the committed schema from. */
export const GATEWAY_RESOLVERS = [
  AuthResolver,
  UserResolver,
  ...MESSAGING_RESOLVERS,
  ...NEWS_RESOLVERS,
  ...PAYMENTS_RESOLVERS,
  ...MEDIA_RESOLVERS,
  NotificationResolver,
];
