import { AddressInfo } from 'node:net';
import pino from 'pino';
import { buildSchema } from 'graphql';
import { WebSocket, WebSocketServer } from 'ws';
import { serveGraphqlWs, SocketExtra } from './graphql-ws-server';

/**
 * The shared keep-alive round: a socket that does not answer one round's ping
 * by the next is terminated; one that answers stays, however many rounds pass.
 */
describe(serveGraphqlWs.name, () => {
  const KEEP_ALIVE_MS = 100;
  let wss: WebSocketServer;
  let server: { dispose: () => Promise<void> };
  let url: string;

  beforeEach(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    server = serveGraphqlWs<SocketExtra>(
      wss,
      { schema: buildSchema('type Query { ok: Boolean }') },
      { extra: (socket, address) => ({ socket, address }), logger: pino({ level: 'silent' }), keepAliveMs: KEEP_ALIVE_MS },
    );
  });
  afterEach(() => server.dispose());

  function open(autoPong: boolean): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'graphql-transport-ws', { autoPong });
      ws.once('open', () => resolve(ws)).once('error', reject);
    });
  }
  const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const rounds = (n: number) => new Promise((r) => setTimeout(r, n * KEEP_ALIVE_MS));

  it('terminates a socket that stops answering pings, and keeps one that answers', async () => {
    const silent = await open(false);
    const alive = await open(true);
    let pings = 0;
    silent.on('ping', () => pings++);
    const silentClosed = closed(silent);

    // Terminated, not closed with a frame: the peer is presumed gone (1006 on the client's side).
    expect(await silentClosed).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(1);
    await rounds(5);
    expect(alive.readyState).toBe(WebSocket.OPEN);
    expect(wss.clients.size).toBe(1);
    alive.close();
  });
});
