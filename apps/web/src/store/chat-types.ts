import type { ConversationFieldsFragment, MessageFieldsFragment, UpdatesLiveSubscription } from '../gql/graphql';

export type Conv = ConversationFieldsFragment;
export type Msg = MessageFieldsFragment;
export type Update = UpdatesLiveSubscription['updates'];

export interface Thread {
  bySeq: Map<number, Msg>;
  hasOlder: boolean;
  olderCursor: string | null;
  loading: boolean;
}
