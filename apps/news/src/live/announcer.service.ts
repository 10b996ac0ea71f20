import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BackgroundLoop, LOGGER, NATS_CONNECTION, queryRows } from '@app/common';
import { NewsLive, PostPublishedEvent } from '@app/contracts';
import { NewsEnv } from '../config/news.env';
import { POST_COLUMNS, PostRow, toPostView } from '../posts/post.row';

const BATCH = 200;
/** No viewer: the live event shows the post as any reader sees it. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

/**
 * Announces each post to live readers once its time has come: at once for a
 * post published now (poke), at its time for a scheduled one (the tick).
 * The database decides who announces what, so that it happens once however
 * many copies run and whenever they restart: a copy claims due posts with
 * FOR UPDATE SKIP LOCKED, publishes them, and marks them announced in the
 * same transaction. A copy that dies before its commit leaves the posts to
 * the next claim, so an event may be published twice but never lost; the
 * gateway's stream drops a post id it has already delivered.
 */
@Injectable()
export class AnnouncerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly ds: DataSource,
    private readonly env: NewsEnv,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new BackgroundLoop(
      () => this.pass(),
      env.NEWS_ANNOUNCE_TICK_MS,
      (err) => this.logger.warn({ err }, 'announcing posts failed; the next pass retries'),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** Runs a pass now (a post was just published); passes never overlap within a copy. */
  poke(): void {
    this.loop.poke();
  }

  /** Announces everything due; resolves when none is left. */
  async pass(): Promise<void> {
    while (!this.loop.stopped && (await this.announceBatch()) === BATCH);
  }

  private async announceBatch(): Promise<number> {
    return this.ds.transaction(async (db) => {
      const rows = await queryRows<PostRow>(
        db,
        `WITH due AS (
           SELECT id FROM posts
            WHERE announced_at IS NULL AND deleted_at IS NULL AND published_at <= now()
            ORDER BY published_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         SELECT ${POST_COLUMNS} FROM due JOIN posts p ON p.id = due.id ORDER BY p.published_at, p.id`,
        [NOBODY],
      );
      if (!rows.length) return 0;
      const encoder = new TextEncoder();
      for (const row of rows) {
        const event: PostPublishedEvent = { post: toPostView(row) };
        this.nc.publish(NewsLive.channelPost(row.channel_id), encoder.encode(JSON.stringify(event)));
      }
      // The server has them before they are marked sent.
      await this.nc.flush();
      await queryRows<never>(db, `UPDATE posts SET announced_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
