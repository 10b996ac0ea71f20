import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, createHealthController, DatabaseModule } from '@app/common';
import { HealthSubjects } from '@app/contracts';
import { MessagingEnv } from './config/messaging.env';
import { CreateMessaging1764380000001 } from './database/migrations/1764380000001-CreateMessaging';

export const MESSAGING_MIGRATIONS = [CreateMessaging1764380000001];

@Module({})
export class MessagingModule {
  static forRoot(env: MessagingEnv): DynamicModule {
    return {
      module: MessagingModule,
      imports: [
        CoreModule.forApp({ name: 'messaging', env }),
        DatabaseModule.forService({ schema: 'messaging', entities: [], migrations: MESSAGING_MIGRATIONS }),
      ],
      controllers: [createHealthController('messaging', HealthSubjects.messaging)],
    };
  }
}
