import { CloseCode, handleProtocols, makeServer, ServerOptions, WebSocket as GraphqlWsSocket } from 'graphql-ws';
import { Logger } from 'pino';
import { RawData, WebSocket, WebSocketServer } from 'ws';

/** What each connection carries beside graphql-ws's own context: its socket and the client's address, not the whole upgrade request. */
export interface SocketExtra {
  readonly socket: WebSocket;
  readonly address: string;
}

/**
 * graphql-ws's protocol server on a `ws` server, as graphql-ws's own
 * `useServer` does it, but lean per connection, since a gateway holds tens of
 * thousands of mostly idle ones (bench/idle): one keep-alive timer for every
 * socket instead of an interval and a timeout each (a socket that has not
 * answered the previous ping by the next round is terminated, as useServer
 * does after 12 s), the socket adapter's methods on a prototype instead of
 * closures, and the upgrade request let go once its address is read.
 */
export function serveGraphqlWs<E extends SocketExtra>(
  wss: WebSocketServer,
  options: ServerOptions<Record<string, unknown> | undefined, E>,
  opts: { extra: (socket: WebSocket, address: string) => E; logger: Logger; keepAliveMs?: number },
): { dispose: () => Promise<void> } {
  const server = makeServer(options);
  wss.options.handleProtocols = handleProtocols;

  const unanswered = new Set<WebSocket>();
  const keepAlive = setInterval(() => {
    for (const socket of wss.clients) {
      if (unanswered.has(socket)) {
        socket.terminate();
      } else if (socket.readyState === WebSocket.OPEN) {
        unanswered.add(socket);
        socket.ping();
      }
    }
  }, opts.keepAliveMs ?? 12_000);
  keepAlive.unref();
  function answered(this: WebSocket): void {
    unanswered.delete(this);
  }
  function failed(this: WebSocket, err: Error): void {
    opts.logger.warn({ err }, 'websocket error');
    this.close(CloseCode.InternalServerError, 'Internal server error');
  }

  wss.on('error', (err) => {
    opts.logger.error({ err }, 'websocket server error');
    for (const client of wss.clients) client.close(CloseCode.InternalServerError, 'Internal server error');
  });
  wss.on('connection', (socket: WebSocket, request: { socket: { remoteAddress?: string } }) => {
    // on, not once: once wraps each listener in an object of its own, and 'close' comes once anyway.
    socket.on('error', failed);
    socket.on('pong', answered);
    const closed = server.opened(new SocketAdapter(socket, opts.logger), opts.extra(socket, request.socket.remoteAddress ?? 'unknown'));
    socket.on('close', (code: number, reason: Buffer) => {
      unanswered.delete(socket);
      void closed(code, String(reason));
    });
  });

  return {
    dispose: async () => {
      clearInterval(keepAlive);
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/** graphql-ws's view of one `ws` socket. */
class SocketAdapter implements GraphqlWsSocket {
  constructor(
    private readonly socket: WebSocket,
    private readonly logger: Logger,
  ) {}

  get protocol(): string {
    return this.socket.protocol;
  }

  send(data: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState !== WebSocket.OPEN) return resolve();
      this.socket.send(data, (err) => (err ? reject(err) : resolve()));
    });
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  onMessage(cb: (data: string) => Promise<void>): void {
    const { socket, logger } = this;
    // Not an async function: a subscription's message is handled for as long as the subscription lasts, and
    // an async function suspended that long would hold its frame beside graphql-ws's own.
    socket.on('message', (data: RawData) => {
      cb(String(data)).catch((err: unknown) => {
        logger.error({ err }, 'websocket message handling failed');
        socket.close(CloseCode.InternalServerError, 'Internal server error');
      });
    });
  }
}
