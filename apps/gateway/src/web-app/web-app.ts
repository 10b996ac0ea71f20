import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'pino';

/** Paths the gateway answers itself; an unknown one below them is a 404, never the app. */
const RESERVED = ['/graphql', '/healthz', '/readyz', '/metrics', '/payments', '/media', '/auth'];
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * The policy for the app's own pages: everything from this origin (the
 * socket too), nothing from anywhere else; inline style attributes are
 * React's, the data: image is the favicon, blob: is the camera preview.
 */
const CSP = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** WEB_DIST_DIR, or apps/web/dist of the checkout this gateway runs from (source or compiled). */
export function resolveWebDist(configured: string, from = __dirname): string {
  if (configured) return path.resolve(configured);
  for (let dir = from, i = 0; i < 8; i++, dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'apps/web/package.json'))) return path.join(dir, 'apps/web/dist');
  }
  return path.resolve(from, '../../../../apps/web/dist');
}

const reserved = (p: string) => RESERVED.some((r) => p === r || p.startsWith(`${r}/`));

/**
 * Serves the single-page web app at /: hashed files under /assets/ cached for
 * a year as immutable (brotli or gzip, compressed at build time), index.html revalidated on every load, and every other
 * path (a client-side route such as /chats/42) answered with index.html.
 * With no build, a short page says so; the API keeps working either way.
 */
export async function serveWebApp(app: NestFastifyApplication, configured: string, logger: Logger): Promise<void> {
  const root = resolveWebDist(configured);
  const fastify = app.getHttpAdapter().getInstance();
  const built = fs.existsSync(path.join(root, 'index.html'));
  if (!built) {
    logger.warn({ root }, 'web app not built: run `npm run build --workspace apps/web`; / answers with a notice');
    const notice = (request: FastifyRequest, reply: FastifyReply) => {
      if (reserved(request.url.split('?')[0])) return reply.code(404).send({ message: 'Not Found', statusCode: 404 });
      return reply
        .code(503)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(
          '<!doctype html><html lang="fa" dir="rtl"><meta charset="utf-8"><title>سوپراپ</title>' +
            '<p>برنامهٔ وب هنوز ساخته نشده است.</p><p dir="ltr">The web app is not built: run <code>npm run build --workspace apps/web</code>.</p></html>',
        );
    };
    fastify.get('/', notice);
    fastify.get('/*', notice);
    return;
  }

  // preCompressed: the build writes .br and .gz beside each text asset; the one the browser accepts goes out
  // as it is (Content-Encoding, Vary: Accept-Encoding), the plain file when it accepts neither.
  await app.register(fastifyStatic as never, { root, serve: false, decorateReply: true, preCompressed: true });
  const sendIndex = (reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .sendFile('index.html', root, { cacheControl: false });

  const handler = (request: FastifyRequest, reply: FastifyReply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(request.url.split('?')[0]);
    } catch {
      return reply.code(400).send({ message: 'Bad path', statusCode: 400 });
    }
    if (reserved(urlPath)) return reply.code(404).send({ message: 'Not Found', statusCode: 404 });
    if (urlPath.startsWith('/assets/')) {
      // A missing hashed file (an old build's) is a 404, not the app: the browser must not run HTML as script.
      return reply.header('x-content-type-options', 'nosniff').sendFile(urlPath.slice(1), root, { maxAge: YEAR_MS, immutable: true });
    }
    const file = path.join(root, path.normalize(urlPath));
    if (urlPath !== '/' && file.startsWith(root + path.sep) && file !== path.join(root, 'index.html') && isFile(file)) {
      return reply.header('cache-control', 'no-cache').sendFile(path.relative(root, file), root, { cacheControl: false });
    }
    return sendIndex(reply);
  };
  fastify.get('/', handler);
  fastify.get('/*', handler);
  logger.info({ root }, 'serving the web app at /');
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
