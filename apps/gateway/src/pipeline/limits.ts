import { GatewayEnv } from '../config/gateway.env';
import { RateLimiter } from './rate-limiter';

/**
 * The gateway's request limits, in one place for both transports: per client
 * address (RATE_LIMIT_ADDRESS_*) and per signed-in user (RATE_LIMIT_USER_*).
 * Each answers 0 when a request may go on, else the seconds to wait. The
 * per-user limit counts cost, not requests (see OperationPipeline.prepare).
 */
export class Limits {
  private readonly byAddress: RateLimiter;
  private readonly byViewer: RateLimiter;

  constructor(env: GatewayEnv) {
    this.byAddress = new RateLimiter(env.RATE_LIMIT_ADDRESS_PER_SECOND, env.RATE_LIMIT_ADDRESS_BURST);
    this.byViewer = new RateLimiter(env.RATE_LIMIT_USER_PER_SECOND, env.RATE_LIMIT_USER_BURST);
  }

  address(address: string): number {
    return this.byAddress.take(address);
  }

  /** `weight` requests' worth: an operation's cost, in RATE_LIMIT_COST_PER_REQUEST units. */
  viewer(userId: string, weight = 1): number {
    return this.byViewer.take(userId, weight);
  }

  close(): void {
    this.byAddress.close();
    this.byViewer.close();
  }
}
