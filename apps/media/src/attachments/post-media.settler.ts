import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BackgroundLoop, LOGGER, queryRows } from '@app/common';
import { PeersClient } from '../clients/peers.client';
import { MediaEnv } from '../config/media.env';

const BATCH = 500;

/**
 * publishPost with media is two steps in two services: media records the
 * album under the post's id (pending), then news publishes the post with
 * that id. A crash or a failure between them leaves an album of an id that
 * is no post. Every MEDIA_SWEEP_INTERVAL_MS, albums pending for longer than
 * MEDIA_POST_SETTLE_AFTER_MS are settled with news, which answers for each
 * id either that it is a post (the album is kept: no longer pending) or that
 * it never will be (news records that, so a publish still under way with it
 * is refused, and the album is removed). Both answers are final, so copies
 * settling the same ids at once agree.
 */
@Injectable()
export class PostMediaSettler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly ds: DataSource,
    private readonly env: MediaEnv,
    private readonly peers: PeersClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new BackgroundLoop(
      () => this.settleOnce().then(() => undefined),
      env.MEDIA_SWEEP_INTERVAL_MS,
      (err) => this.logger.error({ err }, 'settling albums of posts failed'),
    );
  }

  onApplicationBootstrap(): void {
    if (this.env.MEDIA_SWEEP_INTERVAL_MS > 0) this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass: how many post ids were kept and removed. */
  async settleOnce(): Promise<{ kept: number; removed: number }> {
    const total = { kept: 0, removed: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await queryRows<{ post_id: string }>(
        this.ds,
        `SELECT DISTINCT post_id FROM post_media
          WHERE pending AND attached_at < now() - make_interval(secs => $1::double precision / 1000) AND post_id > $2
          ORDER BY post_id LIMIT $3`,
        [this.env.MEDIA_POST_SETTLE_AFTER_MS, after, BATCH],
      );
      if (!rows.length) break;
      const settled = await this.peers.settlePostIds(rows.map((r) => r.post_id));
      await this.ds.query(`UPDATE post_media SET pending = false WHERE post_id = ANY($1::uuid[]) AND pending`, [settled.posts]);
      await this.ds.query(`DELETE FROM post_media WHERE post_id = ANY($1::uuid[]) AND pending`, [settled.abandoned]);
      total.kept += settled.posts.length;
      total.removed += settled.abandoned.length;
      after = rows[rows.length - 1].post_id;
      if (rows.length < BATCH || this.loop.stopped) break;
    }
    if (total.removed) this.logger.info(total, 'removed albums of posts never published');
    return total;
  }
}
