import * as hdr from 'hdr-histogram-js';

export interface Figures {
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

/** A GraphQL response body as the benches' checks read it (feed and search pages, the viewer); any `errors` fails the read. */
export interface ReadBody {
  data?: { feed?: PostEdges; searchPosts?: PostEdges; me?: { id: string } | null };
  errors?: unknown[];
}

interface PostEdges {
  edges?: { node: { channel?: { id: string } | null } }[];
}

function histogram() {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
}

function figures(h: ReturnType<typeof histogram>, count: number, seconds: number): Figures {
  // Recorded in microseconds, reported in milliseconds.
  return {
    count,
    perSecond: count / seconds,
    p50: h.getValueAtPercentile(50) / 1000,
    p99: h.getValueAtPercentile(99) / 1000,
    max: h.maxValue / 1000,
  };
}

/** The same SQL the service runs, timed alone, again and again on one connection: the baseline. */
export async function timeSql(tasks: Array<() => Promise<unknown>>, iterations: number): Promise<Figures> {
  const h = histogram();
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    await tasks[i % tasks.length]();
    h.recordValue(Math.max(1, Number(process.hrtime.bigint() - t) / 1000));
  }
  return figures(h, iterations, Number(process.hrtime.bigint() - started) / 1e9);
}

/**
 * Open-loop load at a fixed arrival rate: request i is due at start + i/rate
 * and its latency counts from then, so a stall shows up in p99 instead of
 * quietly slowing the client down (coordinated omission). Every response is
 * checked; an error response fails the run.
 */
export async function fixedRate(
  url: string,
  token: string,
  bodies: string[],
  ratePerSecond: number,
  seconds: number,
  check: (json: ReadBody) => boolean,
): Promise<Figures & { bad: number }> {
  const h = histogram();
  const total = Math.round(ratePerSecond * seconds);
  const interval = 1e9 / ratePerSecond;
  const start = process.hrtime.bigint();
  let bad = 0;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + BigInt(Math.round(i * interval));
    const wait = Number(due - process.hrtime.bigint()) / 1e6;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      (async () => {
        try {
          const res = await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-requested-with': 'bench', authorization: `Bearer ${token}` },
            body: bodies[i % bodies.length],
          });
          const json = (await res.json()) as ReadBody;
          if (res.status !== 200 || json.errors || !check(json)) bad++;
        } catch {
          bad++;
        }
        h.recordValue(Math.max(1, Number(process.hrtime.bigint() - due) / 1000));
      })(),
    );
  }
  await Promise.all(pending);
  return { ...figures(h, total, Number(process.hrtime.bigint() - start) / 1e9), bad };
}

/** Closed loop: `concurrency` clients back to back for `seconds`: the most reads per second it serves. */
export async function saturate(
  url: string,
  token: string,
  bodies: string[],
  concurrency: number,
  seconds: number,
  check: (json: ReadBody) => boolean,
) {
  const h = histogram();
  const until = Date.now() + seconds * 1000;
  let count = 0;
  let bad = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, c) => {
      for (let i = c; Date.now() < until; i += concurrency) {
        const t = process.hrtime.bigint();
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-requested-with': 'bench', authorization: `Bearer ${token}` },
          body: bodies[i % bodies.length],
        });
        const json = (await res.json()) as ReadBody;
        if (res.status !== 200 || json.errors || !check(json)) bad++;
        h.recordValue(Math.max(1, Number(process.hrtime.bigint() - t) / 1000));
        count++;
      }
    }),
  );
  return { ...figures(h, count, Number(process.hrtime.bigint() - started) / 1e9), bad };
}
