import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** A local HTTP server standing in for the remote feed sites, recording every request it gets. */
export class FeedServer {
  readonly requests: Array<{ path: string; headers: IncomingMessage['headers'] }> = [];
  private readonly routes = new Map<string, Handler>();
  private readonly server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    this.requests.push({ path, headers: req.headers });
    const handler = this.routes.get(path);
    if (!handler) {
      res.writeHead(404, 'Not Found').end('no such feed');
      return;
    }
    Promise.resolve(handler(req, res)).catch(() => res.destroy());
  });

  static async start(): Promise<FeedServer> {
    const s = new FeedServer();
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    return s;
  }

  get base(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Serves a route; returns its absolute URL. */
  route(path: string, handler: Handler): string {
    this.routes.set(path, handler);
    return `${this.base}${path}`;
  }

  /** Serves a fixed body, with an ETag and conditional 304s. */
  xml(path: string, body: () => string, headers: Record<string, string> = {}): string {
    return this.route(path, (req, res) => {
      const text = body();
      const etag = `"${Buffer.from(text).length}-${hash(text)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, ...headers }).end(text);
    });
  }

  hits(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function hash(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}
