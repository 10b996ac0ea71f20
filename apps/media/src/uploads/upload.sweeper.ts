import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BackgroundLoop, LOGGER, queryRows } from '@app/common';
import { BlobPart } from '@app/contracts';
import { MediaEnv } from '../config/media.env';
import { MediaProcessor } from '../processing/media.processor';

const BATCH = 100;

/**
 * Removes uploads never finished before their URL expired: the row (which
 * frees the user's quota) and its chunks. Rows are claimed with SKIP LOCKED,
 * so copies of the service share the work and a finish in progress (which
 * holds its row) is never swept from under it. The chunks go after the row's
 * transaction commits; a crash between the two leaves only unreferenced
 * objects under u/<mediaId>/.
 */
@Injectable()
export class UploadSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly ds: DataSource,
    private readonly env: MediaEnv,
    private readonly processor: MediaProcessor,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new BackgroundLoop(
      () => this.sweepOnce(),
      env.MEDIA_SWEEP_INTERVAL_MS,
      (err) => this.logger.error({ err }, 'sweeping expired uploads failed'),
    );
  }

  onApplicationBootstrap(): void {
    if (this.env.MEDIA_SWEEP_INTERVAL_MS > 0) this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass; the number of uploads removed. */
  async sweepOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const gone = await queryRows<{ id: string; parts: BlobPart[] }>(
        this.ds,
        `DELETE FROM media WHERE id IN (
           SELECT id FROM media WHERE state = 'UPLOADING' AND expires_at < now() LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, parts`,
        [BATCH],
      );
      for (const upload of gone) await this.processor.discard(upload.parts);
      total += gone.length;
      if (gone.length < BATCH || this.loop.stopped) break;
    }
    if (total) this.logger.info({ removed: total }, 'removed expired uploads');
    return total;
  }
}
