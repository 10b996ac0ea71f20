import { graphql } from '../gql';

export const PostFields = graphql(`
  fragment PostFields on Post {
    id
    title
    text
    url
    signature
    publishedAt
    editedAt
    views
    reactions {
      emoji
      count
      reactedByMe
    }
    media {
      ...MediaFields
    }
    channel {
      id
      handle
      title
      myRole
      photo {
        id
        thumbnailUrl
      }
    }
  }
`);

export const ChannelFields = graphql(`
  fragment ChannelFields on Channel {
    id
    handle
    title
    photo {
      id
      thumbnailUrl
    }
    description
    subscriberCount
    subscribed
    myRole
    createdAt
  }
`);

export const ChannelsQuery = graphql(`
  query Channels($query: String, $after: String) {
    channels(query: $query, first: 30, after: $after) {
      edges {
        node {
          ...ChannelFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ChannelPage = graphql(`
  query ChannelPage($handle: String!, $after: String) {
    channel(handle: $handle) {
      ...ChannelFields
      posts(first: 20, after: $after) {
        edges {
          node {
            ...PostFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      feedSources {
        id
        url
        lastFetchedAt
        lastError
        lastErrorReason
        postCount
      }
    }
  }
`);

export const FeedQuery = graphql(`
  query Feed($after: String) {
    feed(first: 20, after: $after) {
      edges {
        node {
          ...PostFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const SearchPosts = graphql(`
  query SearchPosts($query: String!, $channelId: ID) {
    searchPosts(query: $query, channelId: $channelId, first: 30) {
      edges {
        node {
          ...PostFields
        }
      }
    }
  }
`);

export const ChannelPostsLive = graphql(`
  subscription ChannelPostsLive {
    channelPosts {
      ...PostFields
    }
  }
`);

export const Subscribe = graphql(`
  mutation SubscribeChannel($id: ID!) {
    subscribeChannel(channelId: $id) {
      ...ChannelFields
    }
  }
`);

export const Unsubscribe = graphql(`
  mutation UnsubscribeChannel($id: ID!) {
    unsubscribeChannel(channelId: $id) {
      ...ChannelFields
    }
  }
`);

export const CreateChannel = graphql(`
  mutation CreateChannel($input: CreateChannelInput!) {
    createChannel(input: $input) {
      ...ChannelFields
    }
  }
`);

export const PublishPost = graphql(`
  mutation PublishPost($input: PublishPostInput!) {
    publishPost(input: $input) {
      ...PostFields
    }
  }
`);

export const EditPost = graphql(`
  mutation EditPost($id: ID!, $input: EditPostInput!) {
    editPost(id: $id, input: $input) {
      ...PostFields
    }
  }
`);

export const DeletePost = graphql(`
  mutation DeletePost($id: ID!) {
    deletePost(id: $id)
  }
`);

export const ReactToPost = graphql(`
  mutation ReactToPost($id: ID!, $emoji: String) {
    reactToPost(postId: $id, emoji: $emoji) {
      id
      reactions {
        emoji
        count
        reactedByMe
      }
    }
  }
`);

export const ViewPosts = graphql(`
  mutation ViewPosts($ids: [ID!]!) {
    viewPosts(postIds: $ids) {
      id
      views
    }
  }
`);

export const SharePost = graphql(`
  mutation SharePost($id: ID!, $to: ID!, $clientId: String!) {
    sharePost(postId: $id, conversationId: $to, clientId: $clientId) {
      ...MessageFields
    }
  }
`);

export const AddFeedSource = graphql(`
  mutation AddFeedSource($channelId: ID!, $url: String!) {
    addFeedSource(channelId: $channelId, url: $url) {
      id
      url
      lastFetchedAt
      lastError
      lastErrorReason
      postCount
    }
  }
`);

export const RemoveFeedSource = graphql(`
  mutation RemoveFeedSource($id: ID!) {
    removeFeedSource(id: $id)
  }
`);

export const RefreshFeedSource = graphql(`
  mutation RefreshFeedSource($id: ID!) {
    refreshFeedSource(id: $id) {
      id
      url
      lastFetchedAt
      lastError
      lastErrorReason
      postCount
    }
  }
`);

export const LinkPreviewQuery = graphql(`
  query LinkPreview($url: String!) {
    linkPreview(url: $url) {
      url
      title
      description
      siteName
    }
  }
`);
