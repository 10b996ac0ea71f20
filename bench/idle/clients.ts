// One client process of bench/idle: opens a socket per token (graphql-transport-ws
// over `ws`, from its own loopback source address so that the sockets of all
// client processes together do not run out of ephemeral ports), subscribes each
// to `updates`, and reports on stdout, one JSON line each:
//   {"open": n}            every 1,000 subscribed sockets, and once all are
//   {"ready": n}           every socket subscribed
//   {"delivered": i, "text": t}   a MessageAdded on the socket of token i (its index in the whole run)
//   {"lost": i, "code": c} a socket closed or its subscription ended
// Usage (from run.ts): node clients.js <ws url> <source address> <tokens file> <first index> <concurrency>
import fs from 'node:fs';
import WebSocket from 'ws';

const [url, localAddress, tokensFile, firstArg, concurrencyArg] = process.argv.slice(2);
const first = Number(firstArg);
const concurrency = Number(concurrencyArg);
const tokens = fs.readFileSync(tokensFile, 'utf8').trim().split('\n');
const UPDATES = 'subscription { updates { __typename ... on MessageAdded { message { text } } } }';

const say = (line: Record<string, unknown>) => process.stdout.write(JSON.stringify(line) + '\n');
const sockets: WebSocket[] = [];
let subscribed = 0;
let stopping = false;

/**
 * Opens token i's socket and subscribes. On a loaded machine a connect may
 * fail or a subscribe be refused for a moment (SERVICE_UNAVAILABLE while the
 * replay is read): like a real client, it tries again, up to 5 times each;
 * only a socket that closes once subscribed, or gives up, counts as lost.
 */
function open(i: number, attempt = 1): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'graphql-transport-ws', { localAddress, perMessageDeflate: false, handshakeTimeout: 30_000 });
    sockets.push(ws);
    let acked = false;
    let settled = false;
    let subscriptions = 0;
    const settle = () => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    const subscribe = () => ws.send(JSON.stringify({ id: String(++subscriptions), type: 'subscribe', payload: { query: UPDATES } }));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${tokens[i]}` } })));
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as {
        type: string;
        payload?: { data?: { updates?: { __typename: string; message?: { text: string } } } };
      };
      if (msg.type === 'connection_ack') {
        acked = true;
        subscribe();
        subscribed++;
        if (subscribed % 1000 === 0) say({ open: subscribed });
        settle();
      } else if (msg.type === 'ping') {
        ws.send(JSON.stringify({ type: 'pong' }));
      } else if (msg.type === 'next') {
        const update = msg.payload?.data?.updates;
        if (update?.__typename === 'MessageAdded') say({ delivered: first + i, text: update.message?.text });
      } else if (msg.type === 'error' && subscriptions < 5) {
        setTimeout(subscribe, 1000);
      } else if (msg.type === 'error' || msg.type === 'complete') {
        say({ lost: first + i, code: msg.type, detail: msg.payload });
      }
    });
    let failedOnce = false;
    const failed = (code: unknown) => {
      // 'error' is followed by 'close': one failure.
      if (stopping || failedOnce) return;
      failedOnce = true;
      if (acked) return say({ lost: first + i, code });
      if (attempt < 5) return void setTimeout(() => void open(i, attempt + 1).then(settle), 1000);
      say({ lost: first + i, code });
      settle();
    };
    ws.on('error', (err) => failed(err.message));
    ws.on('close', (code) => failed(code));
  });
}

async function main(): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tokens.length) }, async () => {
      while (next < tokens.length) await open(next++);
    }),
  );
  say({ ready: subscribed });
}

process.on('SIGTERM', () => {
  stopping = true;
  for (const ws of sockets) ws.terminate();
  process.exit(0);
});
void main();
