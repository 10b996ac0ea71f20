import { Readable } from 'node:stream';
import { FastifyInstance, FastifyReply } from 'fastify';
import { readParts } from '@app/common';
import { MediaLocation, MediaSubjects } from '@app/contracts';
import { UploadDeps } from './upload.routes';

interface DownloadRequest {
  Params: { mediaId: string; variant: string };
  Querystring: { exp?: string; sig?: string };
}

/** Shown in the page itself only when a browser can run none of it. */
const INLINE = /^(image\/(jpeg|png|webp|gif|avif)|video\/[\w.+-]+|audio\/[\w.+-]+)$/;

/**
 * Media.url and thumbnailUrl: the bytes streamed from the Object Store,
 * whole or one range, to whoever holds an unexpired genuine URL (403
 * otherwise). Anything a browser could run (HTML, SVG, scripts) comes as an
 * attachment, never sniffed (nosniff) and sandboxed.
 */
export function downloadRoutes(deps: UploadDeps) {
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<DownloadRequest>('/media/:mediaId/:variant', async (req, reply) => {
      const { mediaId, variant } = req.params;
      if (variant !== 'file' && variant !== 'thumb') return reply.code(404).send({ error: 'Not found' });
      const check = deps.urls.check('get', [mediaId, variant], req.query.exp, req.query.sig);
      if (check !== 'ok')
        return reply
          .code(403)
          .header('Cache-Control', 'no-store')
          .send({ error: `This URL is ${check === 'expired' ? 'expired' : 'not valid'}` });
      const found = await deps.rpc.send(MediaSubjects.Locate, { mediaId, variant });
      if (!found) return reply.code(404).header('Cache-Control', 'no-store').send({ error: 'Not found' });
      headers(reply, found, Number(req.query.exp));
      if (req.headers['if-none-match'] === `"${found.etag}"`) return reply.code(304).send();
      const ifRange = req.headers['if-range'];
      const range = parseRange(req.headers.range, found.size, typeof ifRange === 'string' ? ifRange : undefined, found.etag);
      if (range === 'unsatisfiable') return reply.code(416).header('Content-Range', `bytes */${found.size}`).send();
      const [start, end] = range ?? [0, found.size - 1];
      if (range) reply.code(206).header('Content-Range', `bytes ${start}-${end}/${found.size}`);
      reply.header('Content-Length', String(end - start + 1));
      if (req.method === 'HEAD' || found.size === 0) return reply.send();
      return reply.send(Readable.from(readParts(deps.store, found.parts, start, end), { objectMode: false }));
    });
  };
}

function headers(reply: FastifyReply, found: MediaLocation, exp: number): void {
  const inline = INLINE.test(found.mimeType);
  const name = found.fileName ?? 'file';
  const maxAge = Math.max(0, exp - Math.floor(Date.now() / 1000));
  reply.headers({
    'Content-Type': found.mimeType,
    'Accept-Ranges': 'bytes',
    ETag: `"${found.etag}"`,
    'Cache-Control': `private, max-age=${maxAge}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; media-src 'self'; img-src 'self'; sandbox",
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${asciiName(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}

function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

/** One byte range (RFC 9110): `bytes=a-b`, `bytes=a-`, `bytes=-n`; several ranges or a stale If-Range get the whole file. */
export function parseRange(
  header: string | undefined,
  size: number,
  ifRange: string | undefined,
  etag: string,
): [number, number] | 'unsatisfiable' | null {
  if (!header || (ifRange !== undefined && ifRange !== `"${etag}"`)) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (!m[1] && !m[2])) return null;
  let start: number;
  let end: number;
  if (!m[1]) {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
    if (m[2] && Number(m[2]) < start) return null;
  }
  if (start >= size) return 'unsatisfiable';
  return [start, end];
}
