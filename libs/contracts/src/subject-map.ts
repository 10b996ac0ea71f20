import { AccountsRpc } from './accounts/accounts.rpc';
import { HealthRpc } from './common/health';
import { MediaRpc } from './media/media.rpc';
import { MessagingNotificationRpc } from './messaging/messaging.notifications';
import { MessagingRpc } from './messaging/messaging.rpc';
import { NewsRpc } from './news/news.rpc';
import { ChatMoneyRpc } from './payments/chat-money';
import { PaymentsRpc } from './payments/payments.rpc';
import { PayoutsRpc } from './payments/payouts.contracts';

/**
 * Every request subject of the platform with its payload types, so that
 * `RpcClient.send(subject, payload)` checks both at compile time.
 */
export type SubjectMap = AccountsRpc &
  HealthRpc &
  NewsRpc &
  PaymentsRpc &
  MessagingRpc &
  PayoutsRpc &
  ChatMoneyRpc &
  MediaRpc &
  MessagingNotificationRpc;
export type Subject = keyof SubjectMap;
export type RequestOf<S extends Subject> = SubjectMap[S]['request'];
export type ResponseOf<S extends Subject> = SubjectMap[S]['response'];
