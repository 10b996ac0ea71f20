// One harness for both servers: PAIRS sender→receiver pairs, each sender
// keeping WINDOW messages in flight (closed loop: a delivery releases the next
// send). Latency runs from the send to the receiver's delivery. Every delivery
// is checked: its text must be one this pair sent and not yet delivered
// (no stranger, no repeat), and whatever was sent must arrive (lost ones are
// errors once the phase drains).
import * as hdr from 'hdr-histogram-js';

/** What the harness needs from a server: open pairs, send, and report deliveries. */
export interface Peer {
  readonly name: string;
  /** Opens `pairs` sender/receiver pairs; `deliver(pair, text)` must be called for each message a receiver gets. */
  open(pairs: number, deliver: (pair: number, text: string) => void): Promise<void>;
  /** Sends `text` from pair's sender to its receiver; `fail` on an error answer. */
  send(pair: number, text: string, fail: (reason: unknown) => void): void;
  close(): Promise<void>;
}

export interface RowResult {
  delivered: number;
  /** Every delivery of the phase, warm-up and drain included: what the CPU figures divide by. */
  deliveredAll: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  max: number;
  /** Failed sends, unknown or repeated deliveries, and messages never delivered. */
  errors: number;
  /** Deliveries that overtook an earlier send of the same pair (reported, not counted as errors). */
  reordered: number;
}

class PairState {
  /** text → send time (ns), in send order. */
  readonly pending = new Map<string, bigint>();
  next = 0;
}

export class ClosedLoop {
  private pairs: PairState[] = [];
  private histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  private running = false;
  private measuringFrom = 0n;
  private measuringTo = 0n;
  private delivered = 0;
  private deliveredAll = 0;
  private errors = 0;
  private reordered = 0;
  private failures: string[] = [];

  constructor(
    private readonly peer: Peer,
    private readonly maxPairs: number,
  ) {}

  open(): Promise<void> {
    this.pairs = Array.from({ length: this.maxPairs }, () => new PairState());
    return this.peer.open(this.maxPairs, (pair, text) => this.onDelivery(pair, text));
  }

  /** Runs PAIRS × WINDOW for warmup + duration seconds, then drains what is in flight (up to 10 s). */
  async run(pairs: number, window: number, warmupS: number, durationS: number): Promise<RowResult> {
    this.histogram.reset();
    this.delivered = this.deliveredAll = this.errors = this.reordered = 0;
    this.failures = [];
    const start = process.hrtime.bigint();
    this.measuringFrom = start + BigInt(Math.round(warmupS * 1e9));
    this.measuringTo = this.measuringFrom + BigInt(Math.round(durationS * 1e9));
    this.running = true;
    for (let p = 0; p < pairs; p++) for (let w = 0; w < window; w++) this.send(p);
    await sleep((warmupS + durationS) * 1000);
    this.running = false;
    for (let i = 0; i < 100 && this.pairs.some((s) => s.pending.size); i++) await sleep(100);
    for (const s of this.pairs) {
      this.errors += s.pending.size;
      s.pending.clear();
    }
    if (this.failures.length) console.error(`${this.peer.name}: ${this.failures.join('; ').slice(0, 400)}`);
    const ms = (p: number) => Math.round(this.histogram.getValueAtPercentile(p) / 100) / 10;
    return {
      delivered: this.delivered,
      deliveredAll: this.deliveredAll,
      seconds: durationS,
      rate: Math.round(this.delivered / durationS),
      p50: ms(50),
      p99: ms(99),
      max: Math.round(this.histogram.maxValue / 1000),
      errors: this.errors,
      reordered: this.reordered,
    };
  }

  close(): Promise<void> {
    return this.peer.close();
  }

  private send(pair: number): void {
    const state = this.pairs[pair];
    // The number leads so that each text is unique; the Persian words are what a person sends.
    const text = `${pair}.${state.next++} سلام، فردا ساعت ۱۰ جلسه داریم`;
    state.pending.set(text, process.hrtime.bigint());
    this.peer.send(pair, text, (reason) => {
      this.errors++;
      if (this.failures.length < 3) this.failures.push(String(reason instanceof Error ? reason.message : JSON.stringify(reason)));
    });
  }

  private onDelivery(pair: number, text: string): void {
    const now = process.hrtime.bigint();
    const state = this.pairs[pair];
    const sentAt = state?.pending.get(text);
    if (sentAt === undefined) {
      this.errors++;
      return;
    }
    if (state.pending.keys().next().value !== text) this.reordered++;
    state.pending.delete(text);
    this.deliveredAll++;
    if (now >= this.measuringFrom && now <= this.measuringTo) {
      this.delivered++;
      this.histogram.recordValue(Math.max(1, Number((now - sentAt) / 1000n)));
    }
    if (this.running) this.send(pair);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
