import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { GatewayEnv } from '../config/gateway.env';
import { RateLimiter } from './rate-limiter';
import { SharedRateLimiter } from './shared-rate-limiter';

interface Limiter {
  take(key: string, count?: number): number | Promise<number>;
  close(): void;
}

/**
 * The gateway's request limits, in one place for both transports: per client
 * address (RATE_LIMIT_ADDRESS_*) and per signed-in user (RATE_LIMIT_USER_*).
 * Each answers 0 when a request may go on, else the seconds to wait. The
 * per-user limit counts cost, not requests (see OperationPipeline.prepare).
 *
 * RATE_LIMIT_STORE=nats (the default) keeps the counters in NATS JetStream
 * key-value buckets, so every gateway copy takes from the same tokens;
 * `memory` keeps them per copy. The buckets are named after their limits, so
 * copies configured alike share them and a copy with other limits (a test's)
 * counts apart.
 */
export class Limits {
  private readonly byAddress: Limiter;
  private readonly byViewer: Limiter;

  constructor(env: GatewayEnv, nc?: NatsConnection, logger?: Logger) {
    const make = (kind: string, perSecond: number, burst: number): Limiter =>
      env.RATE_LIMIT_STORE === 'nats' && nc && logger
        ? new SharedRateLimiter(nc, `gateway_limits_${kind}_${perSecond}_${burst}`, perSecond, burst, env.JETSTREAM_REPLICAS, logger)
        : new RateLimiter(perSecond, burst);
    this.byAddress = make('address', env.RATE_LIMIT_ADDRESS_PER_SECOND, env.RATE_LIMIT_ADDRESS_BURST);
    this.byViewer = make('user', env.RATE_LIMIT_USER_PER_SECOND, env.RATE_LIMIT_USER_BURST);
  }

  async address(address: string): Promise<number> {
    return this.byAddress.take(address);
  }

  /** `weight` requests' worth: an operation's cost, in RATE_LIMIT_COST_PER_REQUEST units. */
  async viewer(userId: string, weight = 1): Promise<number> {
    return this.byViewer.take(userId, weight);
  }

  close(): void {
    this.byAddress.close();
    this.byViewer.close();
  }
}
