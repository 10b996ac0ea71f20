import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Rpc } from '../common/rpc';
import { MessagingViewerRequest } from './messaging.requests';

/** Notifications (issue 17): the user's settings and the browsers they registered for Web Push. */
export const MessagingNotificationSubjects = {
  GetNotificationSettings: 'messaging.notification-settings.get.v1',
  UpdateNotificationSettings: 'messaging.notification-settings.update.v1',
  WebPushConfig: 'messaging.push.config.v1',
  RegisterPushSubscription: 'messaging.push-subscription.register.v1',
  RemovePushSubscription: 'messaging.push-subscription.remove.v1',
} as const;

/** What a user is notified of: every message, messages in direct conversations only, or nothing (mutes still apply). */
export const NOTIFY_OF = ['ALL', 'DIRECT', 'NONE'] as const;
export type NotifyOf = (typeof NOTIFY_OF)[number];

export class UpdateNotificationSettingsRequest extends MessagingViewerRequest {
  @IsOptional() @IsIn(NOTIFY_OF) notifyOf?: NotifyOf | null;
  @IsOptional() @IsBoolean() showPreviews?: boolean | null;
}

export class RegisterPushSubscriptionRequest extends MessagingViewerRequest {
  /** The push service's URL the browser gave (PushSubscription.endpoint). */
  @IsString() @MaxLength(2048) endpoint: string;
  /** The browser's P-256 public key and auth secret (PushSubscription.getKey), base64url. */
  @IsString() @MaxLength(256) p256dh: string;
  @IsString() @MaxLength(256) auth: string;
}

export class RemovePushSubscriptionRequest extends MessagingViewerRequest {
  @IsString() @MaxLength(2048) endpoint: string;
}

export interface NotificationSettingsView {
  notifyOf: NotifyOf;
  showPreviews: boolean;
}

export interface WebPushConfigView {
  /** The VAPID public key (base64url) browsers subscribe with; null when Web Push is off. */
  publicKey: string | null;
}

export interface PushSubscriptionView {
  id: string;
  endpoint: string;
  createdAt: string;
}

export type MessagingNotificationRpc = {
  [MessagingNotificationSubjects.GetNotificationSettings]: Rpc<MessagingViewerRequest, NotificationSettingsView>;
  [MessagingNotificationSubjects.UpdateNotificationSettings]: Rpc<UpdateNotificationSettingsRequest, NotificationSettingsView>;
  [MessagingNotificationSubjects.WebPushConfig]: Rpc<MessagingViewerRequest, WebPushConfigView>;
  [MessagingNotificationSubjects.RegisterPushSubscription]: Rpc<RegisterPushSubscriptionRequest, PushSubscriptionView>;
  [MessagingNotificationSubjects.RemovePushSubscription]: Rpc<RemovePushSubscriptionRequest, boolean>;
};
