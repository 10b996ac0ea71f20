import { DomainError } from '@app/common';
import { PaymentGatewayName } from '@app/contracts';
import { PaymentGateway } from './payment-gateway';
import { SandboxGateway } from './sandbox.gateway';

/**
 * The gateways this process can talk to: the active one takes new top-ups;
 * any other configured one still settles the top-ups that went through it.
 */
export class GatewayRegistry {
  private readonly byName = new Map<PaymentGatewayName, PaymentGateway>();

  constructor(
    readonly active: PaymentGateway,
    others: PaymentGateway[] = [],
  ) {
    for (const g of [active, ...others]) this.byName.set(g.name, g);
  }

  get(name: string): PaymentGateway | undefined {
    return this.byName.get(name as PaymentGatewayName);
  }

  /** The sandbox bank, only where it is enabled; its pages 404 everywhere else. */
  sandbox(): SandboxGateway {
    const sandbox = this.byName.get('sandbox');
    if (!(sandbox instanceof SandboxGateway)) throw DomainError.notFound('The sandbox bank gateway is not enabled');
    return sandbox;
  }
}
