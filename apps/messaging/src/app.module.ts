import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, createHealthController, DatabaseModule } from '@app/common';
import { HealthSubjects } from '@app/contracts';
import { AccountsClient } from './common/accounts.client';
import { MessagingEnv } from './config/messaging.env';
import { ConversationController } from './conversations/conversation.controller';
import { ConversationReader } from './conversations/conversation.reader';
import { ConversationService } from './conversations/conversation.service';
import { GroupService } from './conversations/group.service';
import { CreateMessaging1764380000001 } from './database/migrations/1764380000001-CreateMessaging';
import { CreateConversations1764380000002 } from './database/migrations/1764380000002-CreateConversations';
import { IndexMessagesByPosition1764380000003 } from './database/migrations/1764380000003-IndexMessagesByPosition';
import { IndexUpdatesByTime1764380000004 } from './database/migrations/1764380000004-IndexUpdatesByTime';
import { IntegrationController } from './integration/integration.controller';
import { PaymentsConsumer } from './integration/payments.consumer';
import { MessageChangeService } from './messages/message-change.service';
import { MessageController } from './messages/message.controller';
import { MessageReader } from './messages/message.reader';
import { MessageService } from './messages/message.service';
import { MessageWriter } from './messages/message.writer';
import { SendBatcher } from './messages/send.batcher';
import { LivePublisher } from './updates/live.publisher';
import { TypingService } from './updates/typing.service';
import { UpdateHydrator } from './updates/update.hydrator';
import { UpdatePruner } from './updates/update.pruner';
import { UpdateService } from './updates/update.service';

export const MESSAGING_MIGRATIONS = [
  CreateMessaging1764380000001,
  CreateConversations1764380000002,
  IndexMessagesByPosition1764380000003,
  IndexUpdatesByTime1764380000004,
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
        MessageController,
        IntegrationController,
        createHealthController('messaging', HealthSubjects.messaging),
      ],
      providers: [
        AccountsClient,
        SendBatcher,
        ConversationReader,
        ConversationService,
        GroupService,
        MessageWriter,
        MessageReader,
        MessageService,
        MessageChangeService,
        UpdateHydrator,
        UpdateService,
        UpdatePruner,
        LivePublisher,
        TypingService,
        PaymentsConsumer,
      ],
    };
  }
}
