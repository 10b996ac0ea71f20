import { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PayoutProviderRegistry } from '../banks/payout-providers/payout-provider.registry';
import { PaymentsEnv } from '../config/payments.env';
import { BankAccountService } from './bank-account.service';
import { PayoutEvents } from './payout-events';
import { PayoutController } from './payout.controller';
import { PayoutService } from './payout.service';
import { PayoutWorker } from './payout.worker';

/** The payouts feature's part of PaymentsModule. */
export const PAYOUT_CONTROLLERS = [PayoutController];
export const PAYOUT_PROVIDERS: Provider[] = [
  { provide: PayoutProviderRegistry, inject: [PaymentsEnv, DataSource], useFactory: PayoutProviderRegistry.fromEnv },
  BankAccountService,
  PayoutEvents,
  PayoutService,
  PayoutWorker,
];
