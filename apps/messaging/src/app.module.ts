import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, createHealthController, DatabaseModule } from '@app/common';
import { HealthSubjects } from '@app/contracts';
import { ChatMoneyMembersController } from './chat-money/chat-money-members.controller';
import { ChatMoneyConsumer } from './chat-money/chat-money.consumer';
import { ChatMoneyMessages } from './chat-money/chat-money.messages';
import { AccountsClient } from './clients/accounts.client';
import { MessagingEnv } from './config/messaging.env';
import { ConversationSettingsService } from './conversations/conversation-settings.service';
import { ConversationController } from './conversations/conversation.controller';
import { ConversationReader } from './conversations/conversation.reader';
import { ConversationService } from './conversations/conversation.service';
import { GroupService } from './conversations/group.service';
import { CreateMessaging1764380000001 } from './database/migrations/1764380000001-CreateMessaging';
import { CreateConversations1764380000002 } from './database/migrations/1764380000002-CreateConversations';
import { IndexMessagesByPosition1764380000003 } from './database/migrations/1764380000003-IndexMessagesByPosition';
import { IndexUpdatesByTime1764380000004 } from './database/migrations/1764380000004-IndexUpdatesByTime';
import { LoadFunctionFiles1764380000005 } from './database/migrations/1764380000005-LoadFunctionFiles';
import { ChatMoneyMessages1765300000000 } from './database/migrations/1765300000000-ChatMoneyMessages';
import { InviteLinks1765700000001 } from './database/migrations/1765700000001-InviteLinks';
import { MessageEntities1765700000002 } from './database/migrations/1765700000002-MessageEntities';
import { MentionController } from './mentions/mention.controller';
import { GroupModeration1765700000003 } from './database/migrations/1765700000003-GroupModeration';
import { GroupRules } from './moderation/group-rules';
import { ModerationController } from './moderation/moderation.controller';
import { ModerationService } from './moderation/moderation.service';
import { MentionService } from './mentions/mention.service';
import { GroupJoinService } from './invites/group-join.service';
import { InviteLinkService } from './invites/invite-link.service';
import { InviteController } from './invites/invite.controller';
import { CreateMessageMedia1765400000001 } from './database/migrations/1765400000001-CreateMessageMedia';
import { MediaClient } from './clients/media.client';
import { PartitionMessagesAndUpdates1765600000000 } from './database/migrations/1765600000000-PartitionMessagesAndUpdates';
import { RekeyMessageSearch1765800000000 } from './database/migrations/1765800000000-RekeyMessageSearch';
import { CreateNotifications1765800000001 } from './database/migrations/1765800000001-CreateNotifications';
import { PostMessagesSkipsLookups1765920000000 } from './database/migrations/1765920000000-PostMessagesSkipsLookups';
import { NotificationController } from './notifications/notification.controller';
import { NotificationService } from './notifications/notification.service';
import { PushWorker } from './notifications/push.worker';
import { WebPushSender } from './notifications/web-push.sender';
import { PaymentsConsumer } from './events/payments.consumer';
import { MessageChangeService } from './messages/message-change.service';
import { MessageController } from './messages/message.controller';
import { MessageReader } from './messages/message.reader';
import { MessageService } from './messages/message.service';
import { MessageWriter } from './messages/message.writer';
import { SendBatcher } from './messages/send.batcher';
import { LivePublisher } from './updates/live.publisher';
import { TypingService } from './updates/typing.service';
import { UpdateController } from './updates/update.controller';
import { UpdateHydrator } from './updates/update.hydrator';
import { UpdatePruner } from './updates/update.pruner';
import { UpdateService } from './updates/update.service';
import { UpdateWriter } from './updates/update.writer';

export const MESSAGING_MIGRATIONS = [
  CreateMessaging1764380000001,
  CreateConversations1764380000002,
  IndexMessagesByPosition1764380000003,
  IndexUpdatesByTime1764380000004,
  LoadFunctionFiles1764380000005,
  ChatMoneyMessages1765300000000,
  CreateMessageMedia1765400000001,
  PartitionMessagesAndUpdates1765600000000,
  InviteLinks1765700000001,
  MessageEntities1765700000002,
  GroupModeration1765700000003,
  RekeyMessageSearch1765800000000,
  CreateNotifications1765800000001,
  PostMessagesSkipsLookups1765920000000,
];

@Module({})
export class MessagingModule {
  static forRoot(env: MessagingEnv): DynamicModule {
    return {
      module: MessagingModule,
      imports: [
        CoreModule.forApp({ name: 'messaging', env }),
        DatabaseModule.forService({ schema: 'messaging', migrations: MESSAGING_MIGRATIONS }),
      ],
      controllers: [
        ConversationController,
        InviteController,
        MentionController,
        ModerationController,
        MessageController,
        UpdateController,
        ChatMoneyMembersController,
        NotificationController,
        createHealthController('messaging', HealthSubjects.messaging),
      ],
      providers: [
        AccountsClient,
        MediaClient,
        SendBatcher,
        ConversationReader,
        ConversationService,
        ConversationSettingsService,
        GroupService,
        GroupJoinService,
        InviteLinkService,
        MentionService,
        ModerationService,
        GroupRules,
        MessageWriter,
        MessageReader,
        MessageService,
        MessageChangeService,
        UpdateHydrator,
        UpdateService,
        UpdateWriter,
        UpdatePruner,
        LivePublisher,
        TypingService,
        PaymentsConsumer,
        ChatMoneyMessages,
        NotificationService,
        WebPushSender,
        PushWorker,
        ChatMoneyConsumer,
      ],
    };
  }
}
