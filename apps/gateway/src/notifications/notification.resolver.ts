import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { MessagingNotificationSubjects as S } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { NotificationSettingsInput, NotificationSettingsModel, PushSubscriptionInput, PushSubscriptionModel } from './notification.model';

@Resolver()
export class NotificationResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => NotificationSettingsModel)
  notificationSettings(@CurrentViewer() viewer: Viewer) {
    return this.rpc.send(S.GetNotificationSettings, { viewerId: viewer.userId });
  }

  @Mutation(() => NotificationSettingsModel, { description: 'Fields not given keep their value.' })
  updateNotificationSettings(@CurrentViewer() viewer: Viewer, @Args('input') input: NotificationSettingsInput) {
    return this.rpc.send(S.UpdateNotificationSettings, { viewerId: viewer.userId, ...input });
  }

  @Query(() => String, {
    nullable: true,
    description: "The VAPID public key (base64url) for PushManager.subscribe's applicationServerKey; null when Web Push is off.",
  })
  async webPushPublicKey(@CurrentViewer() viewer: Viewer) {
    return (await this.rpc.send(S.WebPushConfig, { viewerId: viewer.userId })).publicKey;
  }

  @Mutation(() => PushSubscriptionModel, {
    description:
      'Registers this browser for Web Push; the same endpoint again updates it (idempotent). Only what arrives after it is pushed.',
  })
  registerPushSubscription(@CurrentViewer() viewer: Viewer, @Args('input') input: PushSubscriptionInput) {
    return this.rpc.send(S.RegisterPushSubscription, { viewerId: viewer.userId, ...input });
  }

  @Mutation(() => Boolean, { description: 'False when the viewer had not registered that endpoint.' })
  unregisterPushSubscription(@CurrentViewer() viewer: Viewer, @Args('endpoint') endpoint: string) {
    return this.rpc.send(S.RemovePushSubscription, { viewerId: viewer.userId, endpoint });
  }
}
