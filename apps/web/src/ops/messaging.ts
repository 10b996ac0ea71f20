import { graphql } from '../gql';

/** A message without its media (a chat list's last message: a page of conversations would otherwise cost too many fields). */
export const MessageCore = graphql(`
  fragment MessageCore on Message {
    id
    conversationId
    seq
    kind
    clientId
    text
    editedAt
    deletedAt
    createdAt
    sender {
      id
      displayName
    }
    forwardedFrom {
      id
      displayName
    }
    replyTo {
      id
      seq
      kind
      text
      deletedAt
      sender {
        id
        displayName
      }
    }
    reactions {
      emoji
      count
      reactedByMe
    }
    entities {
      kind
      offset
      length
      user {
        id
        username
        displayName
      }
    }
    payment {
      id
      amount
      note
      trackingCode
      from {
        id
        displayName
      }
      to {
        id
        displayName
      }
    }
    billPayment {
      id
      billId
      paymentId
      type
      amount
      trackingCode
      paidAt
    }
    moneyRequest {
      ...MoneyRequestFields
    }
    billSplit {
      ...BillSplitFields
    }
    post {
      id
      title
      text
      url
      publishedAt
      channel {
        id
        handle
        title
      }
    }
  }
`);

export const MessageFields = graphql(`
  fragment MessageFields on Message {
    ...MessageCore
    media {
      ...MediaFields
    }
  }
`);

export const ConversationFields = graphql(`
  fragment ConversationFields on Conversation {
    id
    kind
    title
    createdAt
    memberCount
    myRole
    unreadCount
    lastReadSeq
    peerReadSeq
    muted
    handle
    slowModeSeconds
    restrictedUntil
    unreadMentionCount
    unreadMentionSeqs
    lastMessage {
      ...MessageCore
      media {
        id
        kind
      }
    }
    pinnedMessage {
      id
      seq
      text
      kind
    }
  }
`);

export const Conversations = graphql(`
  query Conversations($after: String) {
    conversations(first: 20, after: $after) {
      edges {
        node {
          ...ConversationFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ConversationById = graphql(`
  query ConversationById($id: ID!) {
    conversation(id: $id) {
      ...ConversationFields
    }
  }
`);

export const ConversationMembers = graphql(`
  query ConversationMembers($id: ID!, $after: String) {
    conversation(id: $id) {
      id
      myRole
      memberCount
      members(first: 100, after: $after) {
        edges {
          node {
            role
            joinedAt
            user {
              id
              displayName
              username
              lastSeenAt
              online
              avatar {
                id
                thumbnailUrl
              }
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
      }
    }
  }
`);

export const Messages = graphql(`
  query Messages($id: ID!, $before: String) {
    messages(conversationId: $id, last: 30, before: $before) {
      edges {
        cursor
        node {
          ...MessageFields
        }
      }
      pageInfo {
        hasPreviousPage
        startCursor
      }
    }
  }
`);

export const SearchMessages = graphql(`
  query SearchMessages($query: String!, $conversationId: ID, $after: String) {
    searchMessages(query: $query, conversationId: $conversationId, first: 30, after: $after) {
      edges {
        node {
          ...MessageFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CurrentCursor = graphql(`
  query CurrentCursor {
    updates(after: null) {
      cursor
    }
  }
`);

export const UpdatesLive = graphql(`
  subscription UpdatesLive($after: String) {
    updates(after: $after) {
      __typename
      cursor
      conversationId
      ... on MessageAdded {
        message {
          ...MessageFields
        }
      }
      ... on MessageEdited {
        message {
          ...MessageFields
        }
      }
      ... on MessageDeleted {
        messageId
        seq
      }
      ... on ReadMarkerMoved {
        userId
        lastReadSeq
      }
      ... on ReactionsChanged {
        messageId
        reactions {
          emoji
          count
          reactedByMe
        }
      }
      ... on ConversationChanged {
        conversation {
          ...ConversationFields
        }
      }
    }
  }
`);

export const TypingLive = graphql(`
  subscription TypingLive($id: ID!) {
    typing(conversationId: $id) {
      conversationId
      at
      user {
        id
        displayName
      }
    }
  }
`);
