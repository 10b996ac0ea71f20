// Senders and receivers over WebSocket (graphql-ws) through the gateway: each
// pair is a direct conversation; the sender sends with sendMessage, the
// receiver listens to its `updates` subscription. A message counts as
// delivered when its MessageAdded reaches the receiver; its latency runs from
// when the send was due (open loop) or started (closed loop) to that moment.
import { randomUUID } from 'node:crypto';
import { Client, createClient } from 'graphql-ws';
import * as hdr from 'hdr-histogram-js';
import WebSocket from 'ws';
import { Party } from '../support/stack';

const SEND = 'mutation($i:SendMessageInput!){ sendMessage(input:$i){ id seq } }';
const UPDATES = `subscription { updates { __typename cursor
  ... on MessageAdded { message { id seq clientId text createdAt sender { id displayName } } } } }`;

export interface PairSpec {
  sender: Party;
  receiver: Party;
  conversationId: string;
}

export interface LoadResult {
  delivered: number;
  seconds: number;
  rate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Failed sends, and deliveries out of seq order or duplicated: must all be 0. */
  errors: number;
  disorder: number;
}

let closing = false;

function connect(url: string, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
      on: {
        connected: () => resolve(client),
        error: reject,
        closed: (e) => {
          if (!closing) console.error(`socket closed: ${(e as { code?: number }).code} ${(e as { reason?: string }).reason ?? ''}`);
        },
      },
    });
  });
}

class PairDriver {
  /** clientId → when it was due (ns). */
  readonly pending = new Map<string, bigint>();
  lastSeq = 0;
  private sender!: Client;
  private receiver!: Client;
  private stopSub?: () => void;

  constructor(
    readonly spec: PairSpec,
    private readonly stats: Stats,
  ) {}

  async open(url: string): Promise<void> {
    [this.sender, this.receiver] = await Promise.all([connect(url, this.spec.sender.token), connect(url, this.spec.receiver.token)]);
    await new Promise<void>((resolve) => {
      this.stopSub = this.receiver.subscribe<{
        updates: { __typename: 'MessageAdded'; message: { seq: number; clientId: string } } | { __typename: 'Other' };
      }>(
        { query: UPDATES },
        {
          next: ({ data, errors }) => {
            if (errors) this.stats.errors++;
            const u = data?.updates;
            if (u?.__typename === 'MessageAdded') this.delivered(u.message);
          },
          error: () => this.stats.errors++,
          complete: () => undefined,
        },
      );
      // The subscription is live once the server has had a round trip to listen.
      setTimeout(resolve, 200);
    });
  }

  private delivered(message: { seq: number; clientId: string }): void {
    const now = process.hrtime.bigint();
    if (message.seq !== this.lastSeq + 1 && this.lastSeq !== 0) this.stats.disorder++;
    this.lastSeq = message.seq;
    const due = this.pending.get(message.clientId);
    if (due === undefined) return;
    this.pending.delete(message.clientId);
    this.stats.onDelivered(this, now, due);
  }

  send(due: bigint): void {
    const clientId = randomUUID();
    this.pending.set(clientId, due);
    let failed = false;
    this.sender.subscribe(
      { query: SEND, variables: { i: { conversationId: this.spec.conversationId, clientId, text: `سلام ${clientId.slice(0, 8)}` } } },
      {
        next: ({ errors }) => {
          if (errors && !failed) {
            failed = true;
            this.stats.fail(errors);
          }
        },
        error: (err) => {
          if (!failed) {
            failed = true;
            this.stats.fail(err);
          }
        },
        complete: () => undefined,
      },
    );
  }

  async close(): Promise<void> {
    this.stopSub?.();
    await Promise.all([this.sender.dispose(), this.receiver.dispose()]);
  }
}

class Stats {
  histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  delivered = 0;
  errors = 0;
  disorder = 0;
  measuringFrom = 0n;
  measuringTo = 0n;
  /** Closed loop counts what is delivered within the window; open loop, what was due within it. */
  byDue = false;
  onDeliveredHook: (pair: PairDriver) => void = () => undefined;

  onDelivered(pair: PairDriver, now: bigint, due: bigint): void {
    const t = this.byDue ? due : now;
    if (t >= this.measuringFrom && t <= this.measuringTo) {
      this.delivered++;
      this.histogram.recordValue(Number((now - due) / 1000n));
    }
    this.onDeliveredHook(pair);
  }

  /** Counts a failed send and shows the first few, so a run of errors says why. */
  fail(reason: unknown): void {
    if (this.errors++ >= 3) return;
    const r = reason as { code?: number; reason?: string };
    const text = Array.isArray(reason) ? JSON.stringify(reason) : r?.code ? `socket closed ${r.code} ${r.reason ?? ''}` : String(reason);
    console.error('send failed:', text.slice(0, 300));
  }

  result(seconds: number): LoadResult {
    const ms = (p: number) => Math.round(this.histogram.getValueAtPercentile(p) / 100) / 10;
    return {
      delivered: this.delivered,
      seconds,
      rate: Math.round(this.delivered / seconds),
      p50: ms(50),
      p90: ms(90),
      p99: ms(99),
      max: Math.round(this.histogram.maxValue / 1000),
      errors: this.errors,
      disorder: this.disorder,
    };
  }
}

export class Load {
  private readonly stats = new Stats();
  private readonly pairs: PairDriver[];

  constructor(specs: PairSpec[]) {
    this.pairs = specs.map((s) => new PairDriver(s, this.stats));
  }

  async open(url: string): Promise<void> {
    for (const pair of this.pairs) await pair.open(url);
  }

  /**
   * Closed loop: every sender keeps `inFlight` messages undelivered at all
   * times; throughput is what gets through. Latency here includes queueing.
   */
  async closedLoop(inFlight: number, warmupS: number, durationS: number): Promise<LoadResult> {
    this.reset();
    this.stats.byDue = false;
    let running = true;
    this.stats.onDeliveredHook = (pair) => {
      if (running) pair.send(process.hrtime.bigint());
    };
    const start = process.hrtime.bigint();
    this.stats.measuringFrom = start + BigInt(warmupS * 1e9);
    this.stats.measuringTo = this.stats.measuringFrom + BigInt(durationS * 1e9);
    for (const pair of this.pairs) for (let i = 0; i < inFlight; i++) pair.send(process.hrtime.bigint());
    await sleep((warmupS + durationS) * 1000);
    running = false;
    await this.drain();
    return this.stats.result(durationS);
  }

  /**
   * Open loop at a fixed arrival rate: sends are due on a schedule whatever
   * happened to earlier ones, and latency counts from when each was due, so
   * a stall shows in the figures instead of slowing the load (no coordinated omission).
   */
  async openLoop(rate: number, warmupS: number, durationS: number): Promise<LoadResult> {
    this.reset();
    this.stats.byDue = true;
    this.stats.onDeliveredHook = () => undefined;
    const start = process.hrtime.bigint();
    const interval = BigInt(Math.round(1e9 / rate));
    const end = start + BigInt((warmupS + durationS) * 1e9);
    this.stats.measuringFrom = start + BigInt(warmupS * 1e9);
    this.stats.measuringTo = end;
    let next = start;
    let i = 0;
    while (next < end) {
      const now = process.hrtime.bigint();
      while (next <= now && next < end) {
        this.pairs[i++ % this.pairs.length].send(next);
        next += interval;
      }
      await sleep(1);
    }
    await this.drain();
    return this.stats.result(durationS);
  }

  async close(): Promise<void> {
    closing = true;
    await Promise.all(this.pairs.map((p) => p.close()));
  }

  private reset(): void {
    this.stats.histogram.reset();
    this.stats.delivered = 0;
    this.stats.errors = 0;
    this.stats.disorder = 0;
  }

  /** Waits (up to 10 s) for what is still in flight, so the next phase starts clean. */
  private async drain(): Promise<void> {
    for (let i = 0; i < 100 && this.pairs.some((p) => p.pending.size); i++) await sleep(100);
    const lost = this.pairs.reduce((n, p) => n + p.pending.size, 0);
    if (lost) this.stats.errors += lost;
    this.pairs.forEach((p) => p.pending.clear());
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
