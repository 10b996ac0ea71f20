import { DataSource } from 'typeorm';
import { PaymentsEnv } from '../../config/payments.env';
import { JibitPayoutProvider } from './jibit.payout-provider';
import { PayoutProvider, PayoutProviderName } from './payout-provider';
import { SandboxPayoutProvider } from './sandbox.payout-provider';

/**
 * The payout providers this copy can talk to: the active one takes new
 * payouts; a payout already made goes on with the provider it was sent
 * through (its row names it), so switching PAYOUT_PROVIDER strands nothing
 * as long as the old one stays configured.
 */
export class PayoutProviderRegistry {
  constructor(
    readonly active: PayoutProvider,
    private readonly all: Map<PayoutProviderName, PayoutProvider>,
  ) {}

  get(name: string): PayoutProvider | undefined {
    return this.all.get(name as PayoutProviderName);
  }

  static fromEnv(env: PaymentsEnv, ds: DataSource): PayoutProviderRegistry {
    const all = new Map<PayoutProviderName, PayoutProvider>();
    if (!env.production) all.set('sandbox', new SandboxPayoutProvider(ds, env.PAYOUT_SANDBOX_DELAY_MS));
    if (env.JIBIT_API_KEY && env.JIBIT_SECRET_KEY) {
      all.set(
        'jibit',
        new JibitPayoutProvider({
          apiKey: env.JIBIT_API_KEY,
          secretKey: env.JIBIT_SECRET_KEY,
          transferorUrl: env.JIBIT_TRANSFEROR_URL,
          identicatorUrl: env.JIBIT_IDENTICATOR_URL,
          timeoutMs: env.JIBIT_TIMEOUT_MS,
        }),
      );
    }
    const active = all.get(env.payoutProvider);
    if (!active) throw new Error(`PAYOUT_PROVIDER=${env.payoutProvider} is not configured`);
    return new PayoutProviderRegistry(active, all);
  }
}
