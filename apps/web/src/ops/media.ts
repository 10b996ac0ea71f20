import { graphql } from '../gql';

export const MediaFields = graphql(`
  fragment MediaFields on Media {
    id
    kind
    size
    fileName
    width
    height
    durationSeconds
    waveform
    blurhash
    url
    thumbnailUrl
  }
`);

export const StartUpload = graphql(`
  mutation StartUpload($input: StartUploadInput!) {
    startUpload(input: $input) {
      mediaId
      uploadUrl
      expiresAt
    }
  }
`);

export const FinishUpload = graphql(`
  mutation FinishUpload($id: ID!) {
    finishUpload(mediaId: $id) {
      ...MediaFields
    }
  }
`);

export const SetAvatar = graphql(`
  mutation SetAvatar($id: ID) {
    setAvatar(mediaId: $id) {
      id
      avatar {
        ...MediaFields
      }
    }
  }
`);

export const SetChannelPhoto = graphql(`
  mutation SetChannelPhoto($channelId: ID!, $id: ID) {
    setChannelPhoto(channelId: $channelId, mediaId: $id) {
      id
      photo {
        ...MediaFields
      }
    }
  }
`);
