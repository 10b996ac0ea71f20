import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BackgroundLoop, LOGGER, queryRows } from '@app/common';
import { PayoutAnswer, PayoutProvider, PayoutProviderUnavailableError } from '../banks/payout-providers/payout-provider';
import { PayoutProviderRegistry } from '../banks/payout-providers/payout-provider.registry';
import { PaymentsEnv } from '../config/payments.env';
import { formatRials } from '../ledger/money';
import { PayoutRow, SELECT_PAYOUTS } from './payout.row';
import { PayoutService } from './payout.service';

const BATCH = 50;
const HOUSEKEEPING_EVERY_MS = 3600_000;

/**
 * Sends queued payouts and inquires the ones whose end is not known yet, in
 * every copy of the service at once: each pass claims its rows with one
 * UPDATE … FOR UPDATE SKIP LOCKED that moves them on (QUEUED → SENDING, or
 * next_check_at later), committed before the provider is called, so no two
 * copies, and no restart, ever hand the same payout to the provider as new.
 * A payout past QUEUED is only inquired, by its reference; if the provider
 * says it never received it (the request died on the way) it is submitted
 * again under the same reference, which the provider refuses to execute twice.
 */
@Injectable()
export class PayoutWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: BackgroundLoop;
  private wake?: NodeJS.Timeout;
  private wakeAt = Infinity;
  private lastHousekeeping = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly providers: PayoutProviderRegistry,
    private readonly payouts: PayoutService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new BackgroundLoop(
      () => this.passOnce(),
      env.PAYOUT_POLL_MS,
      (err) => this.logger.warn({ err: String((err as Error).message) }, 'payout pass failed; the next one retries'),
    );
    payouts.onQueued = (afterMs) => this.pokeIn(afterMs);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.wake) clearTimeout(this.wake);
    await this.loop.stop();
  }

  /** One pass: send what is due, then inquire what is due; returns how many payouts it handled. */
  async passOnce(): Promise<number> {
    const toSend = await this.claim(
      `status = 'PENDING' AND send_state = 'QUEUED' AND send_after <= now()`,
      `send_state = 'SENDING', sent_at = now(), next_check_at = now() + make_interval(secs => $1)`,
    );
    await Promise.all(toSend.map((row) => this.send(row)));
    const toCheck = await this.claim(
      `status = 'PENDING' AND send_state <> 'QUEUED' AND next_check_at <= now()`,
      `next_check_at = now() + make_interval(secs => $1), checks = checks + 1`,
    );
    await Promise.all(toCheck.map((row) => this.check(row)));
    if (Date.now() - this.lastHousekeeping > HOUSEKEEPING_EVERY_MS) {
      this.lastHousekeeping = Date.now();
      await queryRows(this.ds, `DELETE FROM payout_daily_totals WHERE day < current_date - 2`);
    }
    return toSend.length + toCheck.length;
  }

  private async claim(due: string, move: string): Promise<PayoutRow[]> {
    const claimed = await queryRows<{ id: string }>(
      this.ds,
      `UPDATE payouts SET ${move}
        WHERE id IN (SELECT id FROM payouts WHERE ${due} ORDER BY seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [this.env.PAYOUT_INQUIRE_EVERY_MS / 1000],
    );
    if (!claimed.length) return [];
    return queryRows<PayoutRow>(this.ds, `${SELECT_PAYOUTS} WHERE p.id = ANY($1::uuid[]) ORDER BY p.seq`, [claimed.map((c) => c.id)]);
  }

  private async send(row: PayoutRow): Promise<void> {
    const provider = this.provider(row);
    if (!provider) return;
    let answer: PayoutAnswer;
    try {
      answer = await provider.submit({
        reference: row.reference,
        iban: row.ba_iban,
        amount: BigInt(row.amount),
        ownerName: row.ba_owner_name,
        description: `برداشت از کیف پول: ${formatRials(row.amount)} ریال`,
      });
    } catch (err) {
      if (!(err instanceof PayoutProviderUnavailableError)) throw err;
      // The answer is lost, not the payout: it stays SENDING and is inquired at next_check_at.
      this.logger.warn(
        { payoutId: row.id, provider: provider.name, err: err.message },
        'payout submission got no answer; it will be inquired',
      );
      return;
    }
    await this.apply(row, answer, true);
  }

  private async check(row: PayoutRow): Promise<void> {
    const provider = this.provider(row);
    if (!provider) return;
    let answer: PayoutAnswer;
    try {
      answer = await provider.inquire(row.reference);
    } catch (err) {
      if (!(err instanceof PayoutProviderUnavailableError)) throw err;
      this.logger.warn({ payoutId: row.id, provider: provider.name, err: err.message }, 'payout inquiry got no answer; asking again later');
      return;
    }
    if (answer.state === 'NOT_FOUND') {
      const silentMs = Date.now() - new Date(row.sent_at ?? row.created_at).getTime();
      if (row.send_state === 'SENDING' && silentMs >= this.env.PAYOUT_RESUBMIT_AFTER_MS) {
        this.logger.warn(
          { payoutId: row.id, provider: provider.name },
          'the provider never received this payout; submitting it again under its reference',
        );
        await queryRows(this.ds, `UPDATE payouts SET sent_at = now() WHERE id = $1 AND status = 'PENDING'`, [row.id]);
        return this.send(row);
      }
      return;
    }
    await this.apply(row, answer, false);
  }

  /** A final answer ends the payout once; PENDING marks it SENT and, when the provider says when, asks again then. */
  private async apply(row: PayoutRow, answer: PayoutAnswer, submitted: boolean): Promise<void> {
    if (answer.state === 'SUCCEEDED') {
      await this.payouts.end(row, { status: 'SUCCEEDED', bankReference: answer.bankReference });
    } else if (answer.state === 'FAILED') {
      await this.payouts.end(row, { status: 'FAILED', reason: answer.reason });
    } else if (answer.state === 'PENDING') {
      const checkAfterMs = Math.min(answer.checkAfterMs ?? this.env.PAYOUT_INQUIRE_EVERY_MS, this.env.PAYOUT_INQUIRE_EVERY_MS);
      await queryRows(
        this.ds,
        `UPDATE payouts SET send_state = 'SENT', next_check_at = now() + make_interval(secs => $2) WHERE id = $1 AND status = 'PENDING'`,
        [row.id, checkAfterMs / 1000],
      );
      if (submitted || answer.checkAfterMs !== undefined) this.pokeIn(checkAfterMs);
    }
  }

  private provider(row: PayoutRow): PayoutProvider | undefined {
    const provider = this.providers.get(row.provider);
    if (!provider)
      this.logger.error({ payoutId: row.id, provider: row.provider }, 'a payout went through a provider that is not configured here');
    return provider;
  }

  /** Runs a pass once afterMs has passed instead of waiting for a tick (one timer: the earliest wake-up wins). */
  private pokeIn(afterMs: number): void {
    if (afterMs <= 0) return this.loop.poke();
    const at = Date.now() + afterMs;
    if (this.wake && this.wakeAt <= at) return;
    if (this.wake) clearTimeout(this.wake);
    this.wakeAt = at;
    this.wake = setTimeout(() => {
      this.wake = undefined;
      this.wakeAt = Infinity;
      this.loop.poke();
    }, afterMs + 5);
    this.wake.unref();
  }
}
