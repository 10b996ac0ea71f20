import { graphql } from '../gql';

export const NotificationSettings = graphql(`
  query NotificationSettings {
    notificationSettings {
      notifyOf
      showPreviews
    }
    webPushPublicKey
  }
`);

export const UpdateNotificationSettings = graphql(`
  mutation UpdateNotificationSettings($input: NotificationSettingsInput!) {
    updateNotificationSettings(input: $input) {
      notifyOf
      showPreviews
    }
  }
`);

export const RegisterPushSubscription = graphql(`
  mutation RegisterPushSubscription($input: PushSubscriptionInput!) {
    registerPushSubscription(input: $input) {
      id
    }
  }
`);

export const UnregisterPushSubscription = graphql(`
  mutation UnregisterPushSubscription($endpoint: String!) {
    unregisterPushSubscription(endpoint: $endpoint)
  }
`);
