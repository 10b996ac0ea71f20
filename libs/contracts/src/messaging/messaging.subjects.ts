/** Request subjects served by the messaging service (queue group "messaging"), for the gateway. */
export const MessagingSubjects = {
  StartDirect: 'messaging.conversation.start-direct.v1',
  CreateGroup: 'messaging.group.create.v1',
  RenameGroup: 'messaging.group.rename.v1',
  AddMembers: 'messaging.member.add.v1',
  RemoveMember: 'messaging.member.remove.v1',
  SetMemberRole: 'messaging.member.set-role.v1',
  ListMembers: 'messaging.member.list.v1',
  Leave: 'messaging.conversation.leave.v1',
  SetMuted: 'messaging.conversation.mute.v1',
  Pin: 'messaging.conversation.pin.v1',
  GetConversation: 'messaging.conversation.get.v1',
  ListConversations: 'messaging.conversation.list.v1',
  MarkRead: 'messaging.read-marker.move.v1',
  SendMessage: 'messaging.message.send.v1',
  EditMessage: 'messaging.message.edit.v1',
  DeleteMessage: 'messaging.message.delete.v1',
  ForwardMessage: 'messaging.message.forward.v1',
  ReactToMessage: 'messaging.message.react.v1',
  ListMessages: 'messaging.message.list.v1',
  GetMessages: 'messaging.message.get-many.v1',
  SearchMessages: 'messaging.message.search.v1',
  ListUpdates: 'messaging.update.list.v1',
  SetTyping: 'messaging.typing.set.v1',
  Health: 'messaging.health.check.v1',
} as const;

/**
 * Live delivery on core NATS (not JetStream: what a gateway misses is in the
 * update stream, which the gateway reads back from the database).
 *
 * Subjects are per user, not per conversation: each recipient's update
 * carries that recipient's own stream cursor, and the set of recipients is
 * decided by messaging in the same transaction that assigned those cursors.
 * So a gateway receives exactly what its connected users may see, a removed
 * member receives nothing new by construction (no gateway-side membership
 * to keep in sync), and a gateway subscribes once per connected user rather
 * than once per conversation of every connected user.
 */
export const MessagingLive = {
  /** A user's update stream, live; payload UpdateView. */
  updates: (userId: string) => `messaging.live.updates.${userId}.v1`,
  /** Typing in any of the user's conversations; payload TypingView. Ephemeral. */
  typing: (userId: string) => `messaging.live.typing.${userId}.v1`,
} as const;
