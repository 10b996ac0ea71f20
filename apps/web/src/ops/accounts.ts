import { graphql } from '../gql';

export const RequestCode = graphql(`
  mutation RequestCode($phone: String!) {
    requestLoginCode(phone: $phone) {
      phone
      expiresAt
      retryAfter
    }
  }
`);

export const SignIn = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      accessToken
      accessTokenExpiresAt
      refreshToken
      newUser
      user {
        id
        displayName
      }
    }
  }
`);

export const UserFields = graphql(`
  fragment UserFields on User {
    id
    displayName
    username
    bio
    lastSeenAt
    online
    blockedByMe
  }
`);

export const Me = graphql(`
  query Me {
    me {
      id
      displayName
      username
      bio
      phone
      lastSeenAt
      createdAt
      avatar {
        id
        thumbnailUrl
      }
    }
  }
`);

export const Sessions = graphql(`
  query Sessions {
    sessions {
      id
      deviceName
      createdAt
      lastActiveAt
      current
    }
  }
`);

export const RevokeSession = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);

export const SignOut = graphql(`
  mutation SignOut {
    signOut
  }
`);

export const UpdateProfile = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      displayName
      username
      bio
      phone
      lastSeenAt
      createdAt
    }
  }
`);

export const UpdatePrivacy = graphql(`
  mutation UpdatePrivacy($showLastSeen: Boolean!) {
    updatePrivacy(input: { showLastSeen: $showLastSeen }) {
      id
      lastSeenAt
    }
  }
`);

export const SetPassword = graphql(`
  mutation SetPassword($current: String, $next: String) {
    setTwoStepPassword(currentPassword: $current, newPassword: $next)
  }
`);

export const SearchUsers = graphql(`
  query SearchUsers($query: String!) {
    searchUsers(query: $query, first: 20) {
      ...UserFields
    }
  }
`);

export const UserByUsername = graphql(`
  query UserByUsername($username: String!) {
    user(username: $username) {
      ...UserFields
    }
  }
`);

export const BlockUser = graphql(`
  mutation BlockUser($id: ID!) {
    blockUser(userId: $id) {
      ...UserFields
    }
  }
`);

export const UnblockUser = graphql(`
  mutation UnblockUser($id: ID!) {
    unblockUser(userId: $id) {
      ...UserFields
    }
  }
`);

export const CheckTwoStepPassword = graphql(`
  mutation CheckTwoStepPassword($password: String!) {
    checkTwoStepPassword(password: $password)
  }
`);
