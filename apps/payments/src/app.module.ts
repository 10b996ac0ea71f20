import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CoreModule, createHealthController, DatabaseModule } from '@app/common';
import { HealthSubjects } from '@app/contracts';
import { BillController } from './bills/bill.controller';
import { BillService } from './bills/bill.service';
import { PaymentsEnv } from './config/payments.env';
import { CreatePayments1764380000001 } from './database/migrations/1764380000001-CreatePayments';
import { CreateLedger1764400000000 } from './database/migrations/1764400000000-CreateLedger';
import { LedgerFunctions1764400000001 } from './database/migrations/1764400000001-LedgerFunctions';
import { JobLease } from './jobs/job-lease';
import { OutboxRelay } from './outbox/outbox.relay';
import { GatewayRegistry } from './topups/gateway-registry';
import { PaymentGateway } from './topups/payment-gateway';
import { SandboxGateway } from './topups/sandbox.gateway';
import { TopUpController } from './topups/topup.controller';
import { TopUpService } from './topups/topup.service';
import { TopUpSweeper } from './topups/topup.sweeper';
import { ZarinpalGateway } from './topups/zarinpal.gateway';
import { MessagingClient } from './transfers/messaging.client';
import { TransferController } from './transfers/transfer.controller';
import { TransferService } from './transfers/transfer.service';
import { WalletController } from './wallet/wallet.controller';
import { WalletEvents } from './wallet/wallet-events';
import { WalletService } from './wallet/wallet.service';

export const PAYMENTS_MIGRATIONS = [CreatePayments1764380000001, CreateLedger1764400000000, LedgerFunctions1764400000001];

/** The active bank gateway, plus any other configured one so its pending top-ups still settle. */
function gatewayRegistry(env: PaymentsEnv, ds: DataSource): GatewayRegistry {
  const available: PaymentGateway[] = [];
  if (!env.production) available.push(new SandboxGateway(ds, env.PUBLIC_URL));
  if (env.ZARINPAL_MERCHANT_ID) {
    available.push(
      new ZarinpalGateway({ merchantId: env.ZARINPAL_MERCHANT_ID, baseUrl: env.ZARINPAL_BASE_URL, timeoutMs: env.ZARINPAL_TIMEOUT_MS }),
    );
  }
  const active = available.find((g) => g.name === env.gateway);
  if (!active) throw new Error(`PAYMENT_GATEWAY=${env.gateway} is not configured`);
  return new GatewayRegistry(
    active,
    available.filter((g) => g !== active),
  );
}

@Module({})
export class PaymentsModule {
  static forRoot(env: PaymentsEnv): DynamicModule {
    env.assertSafeForProduction();
    return {
      module: PaymentsModule,
      imports: [
        CoreModule.forApp({ name: 'payments', env }),
        DatabaseModule.forService({ schema: 'payments', migrations: PAYMENTS_MIGRATIONS }),
      ],
      controllers: [
        WalletController,
        TopUpController,
        TransferController,
        BillController,
        createHealthController('payments', HealthSubjects.payments),
      ],
      providers: [
        { provide: GatewayRegistry, inject: [PaymentsEnv, DataSource], useFactory: gatewayRegistry },
        WalletService,
        WalletEvents,
        OutboxRelay,
        JobLease,
        MessagingClient,
        TopUpService,
        TopUpSweeper,
        TransferService,
        BillService,
      ],
    };
  }
}
