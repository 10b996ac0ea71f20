import { DataSource } from 'typeorm';
import { DomainError } from '@app/common';
import { BankName } from '@app/contracts';
import { PaymentsEnv } from '../config/payments.env';
import { Bank } from './bank';
import { SandboxBank } from './sandbox.bank';
import { ZarinpalBank } from './zarinpal.bank';

/**
 * The banks this process can talk to: the active one takes new top-ups;
 * any other configured one still settles the top-ups that went through it.
 */
export class BankRegistry {
  private readonly byName = new Map<BankName, Bank>();

  constructor(
    readonly active: Bank,
    others: Bank[] = [],
  ) {
    for (const bank of [active, ...others]) this.byName.set(bank.name, bank);
  }

  /** The active bank (PAYMENT_GATEWAY), plus any other configured one so its pending top-ups still settle. */
  static fromEnv(env: PaymentsEnv, ds: DataSource): BankRegistry {
    const available: Bank[] = [];
    if (!env.production) available.push(new SandboxBank(ds, env.PUBLIC_URL));
    if (env.ZARINPAL_MERCHANT_ID) {
      available.push(
        new ZarinpalBank({ merchantId: env.ZARINPAL_MERCHANT_ID, baseUrl: env.ZARINPAL_BASE_URL, timeoutMs: env.ZARINPAL_TIMEOUT_MS }),
      );
    }
    const active = available.find((bank) => bank.name === env.bank);
    if (!active) throw new Error(`PAYMENT_GATEWAY=${env.bank} is not configured`);
    return new BankRegistry(
      active,
      available.filter((bank) => bank !== active),
    );
  }

  get(name: string): Bank | undefined {
    return this.byName.get(name as BankName);
  }

  /** The sandbox bank, only where it is enabled; its pages 404 everywhere else. */
  sandbox(): SandboxBank {
    const sandbox = this.byName.get('sandbox');
    if (!(sandbox instanceof SandboxBank)) throw DomainError.notFound('The sandbox bank gateway is not enabled');
    return sandbox;
  }
}
