import { randomBytes } from 'node:crypto';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BlobStore, RpcClient } from '@app/common';
import { MediaSubjects, UploadStatusView } from '@app/contracts';
import { MediaUrls } from './media-urls';

const TUS = { 'Tus-Resumable': '1.0.0' };

export interface UploadDeps {
  rpc: RpcClient;
  store: BlobStore;
  urls: MediaUrls;
}

interface UploadRequest {
  Params: { mediaId: string };
  Querystring: { exp?: string; sig?: string };
}

/** Thrown while a chunk streams in: more bytes than the upload may still take. */
class TooLarge extends Error {}

/**
 * The upload URL (CONTRACT.md, "Uploads and downloads"): one PUT of the whole
 * file, or the tus 1.0.0 core protocol (HEAD, PATCH; OPTIONS for discovery).
 * Written for this rather than taken from @tus/server, whose 2.x is ES
 * modules only (our build and Jest are CommonJS) and whose stores keep the
 * upload's offset in their own metadata; here the offset lives in the media
 * service's database, moved by compare-and-set, and each chunk streams into
 * an Object Store object of its own, so any gateway copy can take any chunk
 * and a raced or repeated chunk is counted once (the loser answers 409).
 */
export function uploadRoutes(deps: UploadDeps) {
  return async function routes(app: FastifyInstance): Promise<void> {
    // The body is the raw request stream: never parsed, never buffered.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_req, _payload, done) => done(null));

    app.options('/media/upload/:mediaId', (_req, reply) => {
      reply
        .code(204)
        .headers({ ...TUS, 'Tus-Version': '1.0.0' })
        .send();
    });
    app.head<UploadRequest>('/media/upload/:mediaId', async (req, reply) => {
      const status = await authorised(deps, req, reply);
      if (!status) return;
      reply
        .code(200)
        .headers({ ...TUS, 'Upload-Offset': String(status.offset), 'Upload-Length': String(status.length), 'Cache-Control': 'no-store' })
        .send();
    });
    app.patch<UploadRequest>('/media/upload/:mediaId', async (req, reply) => {
      if (req.headers['tus-resumable'] !== '1.0.0')
        return fail(reply.header('Tus-Version', '1.0.0'), 412, 'Tus-Resumable: 1.0.0 is required');
      if (req.headers['content-type'] !== 'application/offset+octet-stream') return fail(reply, 415, 'application/offset+octet-stream');
      const offset = Number(req.headers['upload-offset']);
      if (!Number.isSafeInteger(offset) || offset < 0) return fail(reply, 400, 'Upload-Offset is required');
      const status = await authorised(deps, req, reply);
      if (status) await receive(deps, req, reply, status, offset);
    });
    app.put<UploadRequest>('/media/upload/:mediaId', async (req, reply) => {
      const status = await authorised(deps, req, reply);
      if (!status) return;
      const declared = Number(req.headers['content-length']);
      if (declared > status.length) return fail(reply, 413, `The upload is ${status.length} bytes`);
      if (declared !== status.length) return fail(reply, 400, `Content-Length must be the declared size, ${status.length}`);
      await receive(deps, req, reply, status, 0);
    });
  };
}

/** The upload's status when the URL is genuine and unexpired (403 otherwise) and the upload takes bytes. */
async function authorised(deps: UploadDeps, req: FastifyRequest<UploadRequest>, reply: FastifyReply): Promise<UploadStatusView | null> {
  const { mediaId } = req.params;
  if (deps.urls.check('put', [mediaId], req.query.exp, req.query.sig) !== 'ok') return fail(reply, 403, 'This upload URL is not valid');
  const status = await deps.rpc.send(MediaSubjects.UploadStatus, { mediaId });
  if (!status) return fail(reply, 404, 'No such upload');
  if (status.state !== 'UPLOADING' && req.method !== 'HEAD') return fail(reply.headers(TUS), 409, 'This upload is finished');
  return status;
}

async function receive(
  deps: UploadDeps,
  req: FastifyRequest<UploadRequest>,
  reply: FastifyReply,
  status: UploadStatusView,
  offset: number,
) {
  const mediaId = req.params.mediaId;
  if (offset !== status.offset) return fail(reply.headers({ ...TUS, 'Upload-Offset': String(status.offset) }), 409, 'Wrong offset');
  const room = status.length - offset;
  const announced = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  if (announced !== undefined && announced > room) return fail(reply.headers(TUS), 413, `At most ${room} more bytes`);
  const key = `u/${mediaId}/${offset}-${randomBytes(6).toString('hex')}`;
  let size: number;
  try {
    size = await deps.store.put(key, limited(req.raw, room));
  } catch (err) {
    await deps.store.delete(key).catch(() => undefined);
    if (err instanceof TooLarge) return fail(reply.headers(TUS), 413, `At most ${room} more bytes`);
    // The connection dropped mid-chunk: that chunk is lost, the upload stays where it was.
    req.log.info({ mediaId, offset }, 'upload chunk interrupted');
    return fail(reply, 400, 'The chunk did not arrive whole');
  }
  if (size === 0) {
    await deps.store.delete(key);
    return reply
      .code(204)
      .headers({ ...TUS, 'Upload-Offset': String(offset) })
      .send();
  }
  const result = await deps.rpc.send(MediaSubjects.AppendChunk, { mediaId, offset, key, size });
  if (!result.appended) {
    await deps.store.delete(key);
    return fail(reply.headers({ ...TUS, 'Upload-Offset': String(result.offset) }), 409, 'Wrong offset');
  }
  reply
    .code(204)
    .headers({ ...TUS, 'Upload-Offset': String(result.offset) })
    .send();
}

/** The request's bytes, failing with TooLarge past `room`: nothing beyond the limit is kept. */
async function* limited(body: AsyncIterable<Buffer>, room: number): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const chunk of body) {
    seen += chunk.length;
    if (seen > room) throw new TooLarge();
    yield chunk;
  }
}

function fail(reply: FastifyReply, code: number, message: string): null {
  reply.code(code).header('Cache-Control', 'no-store').send({ error: message });
  return null;
}
