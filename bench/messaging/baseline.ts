// The same-run baseline, in one Node process: a bare NATS request-reply whose
// responder does one PostgreSQL INSERT (from a pool of 10) before answering,
// driven with the same number of requests in flight as the platform. It is
// the floor of "a message crosses NATS and is stored": what any design pays
// before GraphQL, WebSocket, authorization, seq, fan-out and live push.
// Usage (from run.ts): node baseline.js <natsUrl> <databaseUrl> <inFlight> <warmupS> <durationS>
import * as hdr from 'hdr-histogram-js';
import { connect } from 'nats';
import { Pool } from 'pg';

async function main(): Promise<void> {
  const [natsUrl, databaseUrl, inFlightArg, warmupArg, durationArg] = process.argv.slice(2);
  const inFlight = Number(inFlightArg);
  const nc = await connect({ servers: natsUrl });
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
  );
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  nc.subscribe('bench.baseline', {
    queue: 'bench',
    callback: (err, msg) => {
      if (err) return;
      const body = JSON.parse(decoder.decode(msg.data)) as { text: string };
      pool.query('INSERT INTO bench_baseline (body) VALUES ($1) RETURNING id', [body.text]).then(
        (r) => msg.respond(encoder.encode(JSON.stringify({ id: r.rows[0].id }))),
        () => msg.respond(encoder.encode('{"error":true}')),
      );
    },
  });
  await nc.flush();

  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  const start = process.hrtime.bigint();
  const from = start + BigInt(Number(warmupArg) * 1e9);
  const to = from + BigInt(Number(durationArg) * 1e9);
  let done = 0;
  let errors = 0;
  const worker = async () => {
    for (;;) {
      const t0 = process.hrtime.bigint();
      if (t0 >= to) return;
      const reply = await nc.request('bench.baseline', encoder.encode(JSON.stringify({ text: 'سلام، این یک پیام است' })), {
        timeout: 10_000,
      });
      const now = process.hrtime.bigint();
      if (!JSON.parse(decoder.decode(reply.data)).id) errors++;
      if (now >= from && now <= to) {
        done++;
        histogram.recordValue(Number((now - t0) / 1000n));
      }
    }
  };
  await Promise.all([...Array(inFlight)].map(worker));
  const seconds = Number(durationArg);
  const ms = (p: number) => Math.round(histogram.getValueAtPercentile(p) / 100) / 10;
  process.stdout.write(
    JSON.stringify({
      delivered: done,
      seconds,
      rate: Math.round(done / seconds),
      p50: ms(50),
      p90: ms(90),
      p99: ms(99),
      max: Math.round(histogram.maxValue / 1000),
      errors,
      disorder: 0,
    }) + '\n',
  );
  await pool.query('DROP TABLE bench_baseline');
  await pool.end();
  await nc.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
