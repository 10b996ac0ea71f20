import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JetStreamClient, NatsConnection } from 'nats';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BackgroundLoop, ensureStream, LOGGER, NATS_CONNECTION, publishEvent, queryRows } from '@app/common';
import { ChatMoneyEvents, PaymentsEvents } from '@app/contracts';
import { PaymentsEnv } from '../config/payments.env';

const BATCH = 200;

/**
 * Publishes the outbox to JetStream. An event row is written in the same
 * transaction as the money it reports, so it exists exactly when the money
 * moved; the relay publishes it with msgID = eventId (the stream drops a
 * repeat within its window, and consumers dedupe by id too), then marks it.
 * A crash between the two publishes it again, harmlessly. While NATS is down
 * the rows wait; every copy relays, rows locked by one are skipped by others.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly js: JetStreamClient;
  private readonly loop: BackgroundLoop;
  private streamReady = false;
  private failing = false;

  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.js = nc.jetstream({ timeout: 5000 });
    // drain() handles its own failures (once per outage in the log).
    this.loop = new BackgroundLoop(
      () => this.drain(),
      env.OUTBOX_POLL_MS,
      () => undefined,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
    this.loop.poke();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** Publish now (after a commit that wrote events); coalesces with a run in progress. */
  nudge(): void {
    this.loop.poke();
  }

  private async drain(): Promise<void> {
    try {
      if (!this.streamReady) {
        // Every stream the outbox publishes to: a payments copy that starts before
        // any consumer has made them must still publish (the events wait in JetStream).
        const streams: Array<[string, string[]]> = [
          [PaymentsEvents.Stream, [PaymentsEvents.TransferCompleted, PaymentsEvents.BillPaid]],
          [ChatMoneyEvents.Stream, [ChatMoneyEvents.Changed]],
        ];
        for (const [name, subjects] of streams)
          await ensureStream(this.nc, name, subjects, { replicas: this.env.JETSTREAM_REPLICAS, logger: this.logger });
        this.streamReady = true;
      }
      while (!this.loop.stopped && (await this.publishBatch()) === BATCH);
      if (this.failing) this.logger.info('outbox relay: publishing again');
      this.failing = false;
    } catch (err) {
      // The stream itself may be what is missing (deleted, or a JetStream store reset): ensure it again next time.
      this.streamReady = false;
      // Once per outage, not once per poll.
      if (!this.failing)
        this.logger.warn({ err: String((err as Error)?.message ?? err) }, 'outbox relay: publishing failed; events wait in the outbox');
      this.failing = true;
    }
  }

  private publishBatch(): Promise<number> {
    return this.ds.transaction(async (db) => {
      const rows = await queryRows<{ id: string; event_id: string; subject: string; payload: unknown }>(
        db,
        `SELECT id, event_id, subject, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (!rows.length) return 0;
      await Promise.all(rows.map((r) => publishEvent(this.js, r.subject, r.payload, r.event_id)));
      await queryRows<never>(db, `UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
