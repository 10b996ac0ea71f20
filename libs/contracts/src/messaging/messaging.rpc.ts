import { HealthCheckResponse, Rpc } from '../common/rpc';
import * as I from './messaging.integration';
import { ConversationMembersRequest, ConversationMembersResponse, MessagingMembersSubjects } from './messaging.members';
import * as Q from './messaging.requests';
import { ConversationPage, ConversationView, MemberPage, MessagePage, MessageView, UpdatesPageView } from './messaging.responses';
import { MessagingSubjects as S } from './messaging.subjects';

/** Each messaging subject with its request and response. */
export type MessagingRpc = {
  [MessagingMembersSubjects.ConversationMembers]: Rpc<ConversationMembersRequest, ConversationMembersResponse>;
  [S.StartDirect]: Rpc<Q.StartDirectRequest, ConversationView>;
  [S.CreateGroup]: Rpc<Q.CreateGroupRequest, ConversationView>;
  [S.RenameGroup]: Rpc<Q.RenameGroupRequest, ConversationView>;
  [S.AddMembers]: Rpc<Q.AddMembersRequest, ConversationView>;
  [S.RemoveMember]: Rpc<Q.MemberRequest, ConversationView>;
  [S.SetMemberRole]: Rpc<Q.SetMemberRoleRequest, ConversationView>;
  [S.ListMembers]: Rpc<Q.ListMembersRequest, MemberPage>;
  [S.Leave]: Rpc<Q.ConversationRequest, boolean>;
  [S.SetMuted]: Rpc<Q.SetMutedRequest, ConversationView>;
  [S.Pin]: Rpc<Q.PinRequest, ConversationView>;
  [S.GetConversation]: Rpc<Q.ConversationRequest, ConversationView>;
  [S.ListConversations]: Rpc<Q.MessagingPageRequest, ConversationPage>;
  [S.MarkRead]: Rpc<Q.MarkReadRequest, ConversationView>;
  [S.SendMessage]: Rpc<Q.SendMessageRequest, MessageView>;
  [S.EditMessage]: Rpc<Q.EditMessageRequest, MessageView>;
  [S.DeleteMessage]: Rpc<Q.DeleteMessageRequest, boolean>;
  [S.ForwardMessage]: Rpc<Q.ForwardMessageRequest, MessageView>;
  [S.ReactToMessage]: Rpc<Q.ReactRequest, MessageView>;
  [S.ListMessages]: Rpc<Q.ListMessagesRequest, MessagePage>;
  [S.GetMessages]: Rpc<Q.GetMessagesRequest, MessageView[]>;
  [S.SearchMessages]: Rpc<Q.SearchMessagesRequest, MessagePage>;
  [S.ListUpdates]: Rpc<Q.ListUpdatesRequest, UpdatesPageView>;
  [S.SetTyping]: Rpc<Q.ConversationRequest, boolean>;
  [S.Health]: Rpc<Record<string, never>, HealthCheckResponse>;
  [I.MessagingIntegrationSubjects.AttachMessage]: Rpc<I.AttachMessageRequest, MessageView>;
  [I.MessagingIntegrationSubjects.DirectConversation]: Rpc<I.DirectConversationRequest, I.DirectConversationResponse>;
  [I.MessagingIntegrationSubjects.CheckMember]: Rpc<I.CheckMemberRequest, I.CheckMemberResponse>;
  [I.MessagingIntegrationSubjects.MediaVisible]: Rpc<I.MediaVisibleRequest, I.MediaVisibleResponse>;
};
