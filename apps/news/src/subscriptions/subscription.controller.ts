import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NewsSubjects, SubscribedChannelIdsRequest, SubscriptionRequest } from '@app/contracts';
import { SubscriptionService } from './subscription.service';

@Controller()
export class SubscriptionController {
  constructor(private readonly subscriptions: SubscriptionService) {}

  @MessagePattern(NewsSubjects.Subscribe)
  subscribe(@Payload() input: SubscriptionRequest) {
    return this.subscriptions.subscribe(input.viewerId, input.channelId);
  }

  @MessagePattern(NewsSubjects.Unsubscribe)
  unsubscribe(@Payload() input: SubscriptionRequest) {
    return this.subscriptions.unsubscribe(input.viewerId, input.channelId);
  }

  @MessagePattern(NewsSubjects.SubscribedChannelIds)
  subscribedChannelIds(@Payload() input: SubscribedChannelIdsRequest) {
    return this.subscriptions.channelIds(input.viewerId);
  }
}
