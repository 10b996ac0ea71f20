import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { BackgroundLoop } from '@app/common';
import { JobLease } from './job-lease';

export interface SweepJob {
  /** The job's lease: one copy of the service sweeps at a time. */
  lease: string;
  intervalMs: number;
  /** What is swept, in the logs: `<topic> sweep failed`. */
  topic: string;
}

/**
 * A sweep that one copy of the service runs at a time: every `intervalMs`
 * (a tick during a pass is dropped) and at poke(), each pass first takes or
 * renews the job's lease (three intervals long, so a crash or a restart hands
 * the job over after at most that), and the lease is released when the
 * service stops. A pass that fails is logged and the next tick retries; what
 * a pass does must be safe to run twice (a compare-and-set per row).
 */
export abstract class LeasedSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: BackgroundLoop;

  protected constructor(
    private readonly lease: JobLease,
    logger: Logger,
    private readonly job: SweepJob,
  ) {
    this.loop = new BackgroundLoop(
      () => this.sweepOnce(),
      job.intervalMs,
      (err) => logger.warn({ err: String((err as Error).message) }, `${job.topic} sweep failed; next tick retries`),
      { skipBusyTicks: true },
    );
  }

  /** One pass's work, with the lease held; checks `stopped` between rows. */
  protected abstract sweep(): Promise<number>;

  /** The service is stopping: a pass ends early. */
  protected get stopped(): boolean {
    return this.loop.stopped;
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    await this.lease.release(this.job.lease).catch(() => undefined);
  }

  /** Sweep soon, or once more right after the pass in progress. */
  poke(): void {
    this.loop.poke();
  }

  /** One pass, if this copy holds the lease: what sweep() returns, null without the lease. */
  async sweepOnce(): Promise<number | null> {
    if (!(await this.lease.acquire(this.job.lease, this.job.intervalMs * 3))) return null;
    return this.sweep();
  }
}
