import { GatewayEnv } from '../config/gateway.env';
import { RateLimiter } from './rate-limiter';

/**
 * The gateway's request limits, in one place for both transports: per client
 * address (RATE_LIMIT_ADDRESS_*) and per signed-in user (RATE_LIMIT_USER_*).
 * Each answers 0 when a request may go on, else the seconds to wait.
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

  viewer(userId: string): number {
    return this.byViewer.take(userId);
  }

  close(): void {
    this.byAddress.close();
    this.byViewer.close();
  }
}
