// Media bytes through the gateway against the same bytes straight into and
// out of the Object Store (same run, rounds alternating), and the gateway's
// memory while 20 files upload at once (it must stay flat: bytes stream).
// Usage: node scripts/build.mjs && node dist/bench/media/run.js
// Env: BENCH_ROUNDS (3), BENCH_FILE_MB (50), BENCH_PARALLEL (20), DATABASE_URL.
import fs from 'node:fs';
import http from 'node:http';
import { connect } from 'nats';
import { ObjectStoreBlobStore } from '@app/common';
import { gql, Party, signUp, startStack } from '../support/stack';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FILE_MB = Number(process.env.BENCH_FILE_MB ?? 50);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 20);
const SIZE = FILE_MB * 1024 * 1024;
const PIECE = 256 * 1024;

/** The file's bytes, generated piece by piece: the client holds none of it whole. */
function* pieces(seed: number): Generator<Buffer> {
  const piece = Buffer.alloc(PIECE);
  for (let i = 0; i < PIECE; i++) piece[i] = (i * 131 + seed) % 251;
  for (let sent = 0; sent < SIZE; sent += PIECE) yield sent + PIECE <= SIZE ? piece : piece.subarray(0, SIZE - sent);
}

async function* asyncPieces(seed: number): AsyncGenerator<Buffer> {
  yield* pieces(seed);
}

async function startUpload(url: string, who: Party): Promise<{ mediaId: string; uploadUrl: string }> {
  const d = await gql<{ startUpload: { mediaId: string; uploadUrl: string } }>(
    url,
    `mutation($i:StartUploadInput!){ startUpload(input:$i){ mediaId uploadUrl } }`,
    { i: { kind: 'FILE', mimeType: 'application/octet-stream', size: SIZE } },
    who.token,
  );
  return d.startUpload;
}

/** One PUT of the whole file with Content-Length, written with backpressure. */
function put(uploadUrl: string, seed: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(uploadUrl, { method: 'PUT', headers: { 'content-length': String(SIZE) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`PUT ${res.statusCode}`))));
    });
    req.on('error', reject);
    const it = pieces(seed);
    const write = () => {
      for (let next = it.next(); !next.done; next = it.next()) if (!req.write(next.value)) return void req.once('drain', write);
      req.end();
    };
    write();
  });
}

async function drain(url: string): Promise<number> {
  const res = await fetch(url);
  let n = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) n += chunk.length;
  if (n !== SIZE) throw new Error(`downloaded ${n} of ${SIZE}`);
  return n;
}

function rssMb(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

const mbps = (bytes: number, ms: number) => bytes / 1024 / 1024 / (ms / 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const stack = await startStack({
    name: 'media',
    services: ['accounts', 'media'],
    env: { MEDIA_MAX_BYTES: String(SIZE), MEDIA_QUOTA_BYTES: String(2 ** 40), MEDIA_UPLOADS_PER_DAY: '100000' },
  });
  const nc = await connect({ servers: stack.natsUrl });
  try {
    const store = new ObjectStoreBlobStore(nc, { bucket: 'media', replicas: 1 });
    const who = await signUp(stack, 1);
    const results: Record<string, number[]> = { 'gateway upload': [], 'direct put': [], 'gateway download': [], 'direct get': [] };
    for (let round = 0; round < ROUNDS; round++) {
      const steps: Array<[string, () => Promise<void>]> = [
        [
          'gateway',
          async () => {
            const t = await startUpload(stack.gatewayUrl, who);
            let at = Date.now();
            await put(t.uploadUrl, round);
            results['gateway upload'].push(mbps(SIZE, Date.now() - at));
            const done = await gql<{ finishUpload: { url: string } }>(
              stack.gatewayUrl,
              `mutation($m:ID!){ finishUpload(mediaId:$m){ url } }`,
              { m: t.mediaId },
              who.token,
            );
            at = Date.now();
            await drain(done.finishUpload.url);
            results['gateway download'].push(mbps(SIZE, Date.now() - at));
          },
        ],
        [
          'direct',
          async () => {
            const key = `bench/${round}`;
            let at = Date.now();
            await store.put(key, asyncPieces(round));
            results['direct put'].push(mbps(SIZE, Date.now() - at));
            at = Date.now();
            let n = 0;
            for await (const chunk of (await store.get(key))!) n += chunk.length;
            if (n !== SIZE) throw new Error('direct get short');
            results['direct get'].push(mbps(SIZE, Date.now() - at));
            await store.delete(key);
          },
        ],
      ];
      if (round % 2) steps.reverse();
      for (const [, step] of steps) await step();
    }
    console.log(`throughput, ${FILE_MB} MB files, ${ROUNDS} rounds (median MB/s):`);
    for (const [name, xs] of Object.entries(results))
      console.log(`  ${name.padEnd(18)} ${median(xs).toFixed(0).padStart(5)}   (${xs.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(
      `  upload ratio ${(median(results['gateway upload']) / median(results['direct put'])).toFixed(2)}, download ratio ${(median(results['gateway download']) / median(results['direct get'])).toFixed(2)}`,
    );

    // Memory: the gateway's RSS while PARALLEL uploads of FILE_MB each stream through it.
    const pid = stack.pids.gateway;
    const tickets = await Promise.all(Array.from({ length: PARALLEL }, () => startUpload(stack.gatewayUrl, who)));
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
    const at = Date.now();
    await Promise.all(tickets.map((t, i) => put(t.uploadUrl, i)));
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(pid));
    const total = PARALLEL * SIZE;
    console.log(
      `${PARALLEL} parallel uploads of ${FILE_MB} MB: ${mbps(total, Date.now() - at).toFixed(0)} MB/s in all; gateway RSS ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB at peak (+${(peak - before).toFixed(0)} MB)`,
    );
  } finally {
    await nc.close();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
