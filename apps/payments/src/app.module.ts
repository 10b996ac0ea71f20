import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, createHealthController, DatabaseModule } from '@app/common';
import { HealthSubjects } from '@app/contracts';
import { PaymentsEnv } from './config/payments.env';
import { CreatePayments1764380000001 } from './database/migrations/1764380000001-CreatePayments';

export const PAYMENTS_MIGRATIONS = [CreatePayments1764380000001];

@Module({})
export class PaymentsModule {
  static forRoot(env: PaymentsEnv): DynamicModule {
    return {
      module: PaymentsModule,
      imports: [
        CoreModule.forApp({ name: 'payments', env }),
        DatabaseModule.forService({ schema: 'payments', entities: [], migrations: PAYMENTS_MIGRATIONS }),
      ],
      controllers: [createHealthController('payments', HealthSubjects.payments)],
    };
  }
}
