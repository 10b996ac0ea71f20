import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  MessagingNotificationSubjects as S,
  MessagingViewerRequest,
  RegisterPushSubscriptionRequest,
  RemovePushSubscriptionRequest,
  UpdateNotificationSettingsRequest,
} from '@app/contracts';
import { NotificationService } from './notification.service';

@Controller()
export class NotificationController {
  constructor(private readonly notifications: NotificationService) {}

  @MessagePattern(S.GetNotificationSettings)
  settings(@Payload() input: MessagingViewerRequest) {
    return this.notifications.settings(input);
  }

  @MessagePattern(S.UpdateNotificationSettings)
  updateSettings(@Payload() input: UpdateNotificationSettingsRequest) {
    return this.notifications.updateSettings(input);
  }

  @MessagePattern(S.WebPushConfig)
  config() {
    return this.notifications.config();
  }

  @MessagePattern(S.RegisterPushSubscription)
  register(@Payload() input: RegisterPushSubscriptionRequest) {
    return this.notifications.register(input);
  }

  @MessagePattern(S.RemovePushSubscription)
  remove(@Payload() input: RemovePushSubscriptionRequest) {
    return this.notifications.remove(input);
  }
}
