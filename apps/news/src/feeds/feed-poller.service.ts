import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { BackgroundLoop, LOGGER } from '@app/common';
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
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly env: NewsEnv,
    private readonly fetcher: FeedFetchService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new BackgroundLoop(
      () => this.pass(),
      env.FEEDS_POLL_TICK_MS,
      (err) => this.logger.warn({ err }, 'feed polling pass failed; the next tick retries'),
    );
  }

  onApplicationBootstrap(): void {
    if (this.env.FEEDS_POLLING) this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** Looks for due sources now (one was just added). */
  poke(): void {
    if (this.env.FEEDS_POLLING) this.loop.poke();
  }

  private async pass(): Promise<void> {
    while (!this.loop.stopped) {
      const claimed = await this.fetcher.claimDue(CONCURRENCY);
      if (!claimed.length) return;
      await Promise.all(claimed.map((source) => this.fetcher.run(source)));
    }
  }
}
