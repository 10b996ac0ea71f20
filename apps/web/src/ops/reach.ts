import { graphql } from '../gql';

export const InvitePreview = graphql(`
  query InvitePreview($token: String!) {
    inviteLinkPreview(token: $token) {
      conversationId
      title
      handle
      memberCount
      requiresApproval
      isMember
      pending
    }
  }
`);

export const PublicGroup = graphql(`
  query PublicGroup($handle: String!) {
    publicGroup(handle: $handle) {
      conversationId
      title
      handle
      memberCount
      requiresApproval
      isMember
      pending
    }
  }
`);

export const JoinByInviteLink = graphql(`
  mutation JoinByInviteLink($token: String!) {
    joinByInviteLink(token: $token) {
      pending
      conversation {
        ...ConversationFields
      }
    }
  }
`);

export const JoinPublicGroup = graphql(`
  mutation JoinPublicGroup($handle: String!) {
    joinPublicGroup(handle: $handle) {
      ...ConversationFields
    }
  }
`);

export const ChannelByHandle = graphql(`
  query ChannelByHandle($handle: String!) {
    channel(handle: $handle) {
      id
      handle
    }
  }
`);

export const InviteLinks = graphql(`
  query InviteLinks($id: ID!) {
    inviteLinks(conversationId: $id, first: 50) {
      edges {
        node {
          id
          token
          name
          useCount
          usageLimit
          expiresAt
          requiresApproval
          revokedAt
          pendingCount
        }
      }
    }
    joinRequests(conversationId: $id, first: 50) {
      edges {
        node {
          createdAt
          user {
            id
            displayName
          }
        }
      }
    }
  }
`);

export const CreateInviteLink = graphql(`
  mutation CreateInviteLink($input: CreateInviteLinkInput!) {
    createInviteLink(input: $input) {
      id
      token
    }
  }
`);

export const RevokeInviteLink = graphql(`
  mutation RevokeInviteLink($id: ID!) {
    revokeInviteLink(id: $id) {
      id
      revokedAt
    }
  }
`);

export const DecideJoinRequest = graphql(`
  mutation DecideJoinRequest($id: ID!, $userId: ID!, $approve: Boolean!) {
    approve: approveJoinRequest(conversationId: $id, userId: $userId) @include(if: $approve)
    decline: declineJoinRequest(conversationId: $id, userId: $userId) @skip(if: $approve)
  }
`);

export const SetGroupHandle = graphql(`
  mutation SetGroupHandle($id: ID!, $handle: String) {
    setGroupHandle(conversationId: $id, handle: $handle) {
      ...ConversationFields
    }
  }
`);

export const SetSlowMode = graphql(`
  mutation SetSlowMode($id: ID!, $seconds: Int!) {
    setSlowMode(conversationId: $id, seconds: $seconds) {
      ...ConversationFields
    }
  }
`);

export const RestrictMember = graphql(`
  mutation RestrictMember($id: ID!, $userId: ID!) {
    restrictMember(conversationId: $id, userId: $userId)
  }
`);

export const DeleteMemberMessages = graphql(`
  mutation DeleteMemberMessages($id: ID!, $userId: ID!) {
    deleteMemberMessages(conversationId: $id, userId: $userId)
  }
`);

export const Report = graphql(`
  mutation Report($input: ReportInput!) {
    report(input: $input) {
      id
    }
  }
`);

export const ImportContacts = graphql(`
  mutation ImportContacts($input: ImportContactsInput!) {
    importContacts(input: $input) {
      imported
      skipped
      contacts {
        phone
        name
        user {
          id
          displayName
          username
        }
      }
    }
  }
`);

export const SetFindByPhone = graphql(`
  mutation SetFindByPhone($value: PhoneDiscovery!) {
    updatePrivacy(input: { findByPhone: $value }) {
      id
      findByPhone
    }
  }
`);

export const MyFindByPhone = graphql(`
  query MyFindByPhone {
    me {
      id
      findByPhone
    }
  }
`);
