import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CoreModule, createHealthController, DatabaseModule } from '@app/common';
import { HealthSubjects } from '@app/contracts';
import { BankRegistry } from './banks/bank.registry';
import { BillController } from './bills/bill.controller';
import { BillService } from './bills/bill.service';
import { BillSplitService } from './chat-money/bill-split.service';
import { BillSplitSweeper } from './chat-money/bill-split.sweeper';
import { ChatMoneyController } from './chat-money/chat-money.controller';
import { ChatMoneyReader } from './chat-money/chat-money.reader';
import { MoneyRequestService } from './chat-money/money-request.service';
import { AccountsClient } from './clients/accounts.client';
import { MessagingClient } from './clients/messaging.client';
import { PaymentsEnv } from './config/payments.env';
import { CreatePayments1764380000001 } from './database/migrations/1764380000001-CreatePayments';
import { CreateLedger1764400000000 } from './database/migrations/1764400000000-CreateLedger';
import { LedgerFunctions1764400000001 } from './database/migrations/1764400000001-LedgerFunctions';
import { LedgerFunctionFiles1764400000002 } from './database/migrations/1764400000002-LedgerFunctionFiles';
import { CreatePayouts1765200000000 } from './database/migrations/1765200000000-CreatePayouts';
import { CreateChatMoney1765300000000 } from './database/migrations/1765300000000-CreateChatMoney';
import { JobLease } from './jobs/job-lease';
import { OutboxRelay } from './outbox/outbox.relay';
import { PAYOUT_CONTROLLERS, PAYOUT_PROVIDERS } from './payouts/payouts.providers';
import { TopUpController } from './topups/topup.controller';
import { TopUpService } from './topups/topup.service';
import { TopUpSweeper } from './topups/topup.sweeper';
import { TransferController } from './transfers/transfer.controller';
import { TransferService } from './transfers/transfer.service';
import { WalletController } from './wallet/wallet.controller';
import { WalletEvents } from './wallet/wallet-events';
import { WalletService } from './wallet/wallet.service';

export const PAYMENTS_MIGRATIONS = [
  CreatePayments1764380000001,
  CreateLedger1764400000000,
  LedgerFunctions1764400000001,
  LedgerFunctionFiles1764400000002,
  CreatePayouts1765200000000,
  CreateChatMoney1765300000000,
];

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
        ...PAYOUT_CONTROLLERS,
        ChatMoneyController,
        createHealthController('payments', HealthSubjects.payments),
      ],
      providers: [
        { provide: BankRegistry, inject: [PaymentsEnv, DataSource], useFactory: BankRegistry.fromEnv },
        WalletService,
        WalletEvents,
        OutboxRelay,
        JobLease,
        AccountsClient,
        MessagingClient,
        TopUpService,
        TopUpSweeper,
        TransferService,
        BillService,
        ...PAYOUT_PROVIDERS,
        ChatMoneyReader,
        MoneyRequestService,
        BillSplitService,
        BillSplitSweeper,
      ],
    };
  }
}
