import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { LOGGER } from '@app/common';
import { NewsEnv } from '../config/news.env';
import { FeedFetchService } from './feed-fetch.service';

/** Fetches at once per copy; more would only queue on this 2-core machine's network and database. */
const CONCURRENCY = 4;

/**
 * Polls feed sources when they are due. The schedule is in the database
 * (next_fetch_at, set after every fetch from the feed's own rhythm), so it
 * survives restarts and is shared by every copy; each tick claims due
 * sources under a lease, so one source is fetched by one copy at a time.
 */
@Injectable()
export class FeedPollerService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly env: NewsEnv,
    private readonly fetcher: FeedFetchService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.FEEDS_POLLING) this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Looks for due sources now (one was just added). */
  poke(): void {
    if (this.stopped || !this.env.FEEDS_POLLING) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.poke();
      this.schedule();
    }, this.env.FEEDS_POLL_TICK_MS);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    try {
      while (!this.stopped) {
        const claimed = await this.fetcher.claimDue(CONCURRENCY);
        if (!claimed.length) return;
        await Promise.all(claimed.map((source) => this.fetcher.run(source)));
      }
    } catch (err) {
      this.logger.warn({ err }, 'feed polling pass failed; the next tick retries');
    }
  }
}
