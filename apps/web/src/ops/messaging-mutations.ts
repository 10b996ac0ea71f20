import { graphql } from '../gql';

export const SendMessage = graphql(`
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      ...MessageFields
    }
  }
`);

export const EditMessage = graphql(`
  mutation EditMessage($id: ID!, $text: String!) {
    editMessage(messageId: $id, text: $text) {
      ...MessageFields
    }
  }
`);

export const DeleteMessage = graphql(`
  mutation DeleteMessage($id: ID!, $forEveryone: Boolean) {
    deleteMessage(messageId: $id, forEveryone: $forEveryone)
  }
`);

export const ForwardMessage = graphql(`
  mutation ForwardMessage($id: ID!, $to: ID!, $clientId: String!) {
    forwardMessage(messageId: $id, toConversationId: $to, clientId: $clientId) {
      ...MessageFields
    }
  }
`);

export const ReactToMessage = graphql(`
  mutation ReactToMessage($id: ID!, $emoji: String) {
    reactToMessage(messageId: $id, emoji: $emoji) {
      id
      conversationId
      reactions {
        emoji
        count
        reactedByMe
      }
    }
  }
`);

export const MarkRead = graphql(`
  mutation MarkRead($id: ID!, $seq: Int!) {
    markRead(conversationId: $id, upToSeq: $seq) {
      id
      unreadCount
      lastReadSeq
      unreadMentionCount
      unreadMentionSeqs
    }
  }
`);

export const SetTyping = graphql(`
  mutation SetTyping($id: ID!) {
    setTyping(conversationId: $id)
  }
`);

export const StartDirect = graphql(`
  mutation StartDirect($userId: ID!) {
    startDirectConversation(userId: $userId) {
      ...ConversationFields
    }
  }
`);

export const CreateGroup = graphql(`
  mutation CreateGroup($title: String!, $memberIds: [ID!]!) {
    createGroup(title: $title, memberIds: $memberIds) {
      ...ConversationFields
    }
  }
`);

export const AddMembers = graphql(`
  mutation AddMembers($id: ID!, $userIds: [ID!]!) {
    addMembers(conversationId: $id, userIds: $userIds) {
      ...ConversationFields
    }
  }
`);

export const RemoveMember = graphql(`
  mutation RemoveMember($id: ID!, $userId: ID!) {
    removeMember(conversationId: $id, userId: $userId) {
      ...ConversationFields
    }
  }
`);

export const LeaveConversation = graphql(`
  mutation LeaveConversation($id: ID!) {
    leaveConversation(conversationId: $id)
  }
`);

export const SetMuted = graphql(`
  mutation SetMuted($id: ID!, $muted: Boolean!) {
    setMuted(conversationId: $id, muted: $muted) {
      ...ConversationFields
    }
  }
`);
