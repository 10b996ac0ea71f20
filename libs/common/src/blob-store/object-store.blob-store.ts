import { NatsConnection, ObjectStore } from 'nats';
import { BlobStore } from './blob-store';

export interface ObjectStoreOptions {
  bucket: string;
  /** Stream replicas when the bucket is created, and the least it keeps: an existing bucket is raised to this, never lowered. */
  replicas: number;
  /** Bytes per stored message (the Object Store's chunk); at most the server's max_payload. */
  chunkBytes?: number;
}

/**
 * The BlobStore on NATS JetStream's Object Store: chunked and replicated with
 * the bucket's stream, so every gateway and media copy reaches every object
 * and there is no other server to run.
 */
export class ObjectStoreBlobStore implements BlobStore {
  private bucket?: Promise<ObjectStore>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: ObjectStoreOptions,
  ) {}

  private store(): Promise<ObjectStore> {
    this.bucket ??= this.open().catch((err: unknown) => {
      this.bucket = undefined;
      throw err;
    });
    return this.bucket;
  }

  private async open(): Promise<ObjectStore> {
    const js = this.nc.jetstream();
    // Creates the bucket's stream with these replicas when it is missing; an existing one is left as it is…
    const os = await js.views.os(this.options.bucket, { replicas: this.options.replicas });
    // …except that its replicas are raised to what is configured (never lowered: an operator may run more).
    const jsm = await this.nc.jetstreamManager();
    const stream = `OBJ_${this.options.bucket}`;
    const info = await jsm.streams.info(stream);
    if (info.config.num_replicas < this.options.replicas) {
      await jsm.streams.update(stream, { ...info.config, num_replicas: this.options.replicas });
    }
    return os;
  }

  async put(key: string, data: AsyncIterable<Uint8Array>): Promise<number> {
    const os = await this.store();
    const info = await os.put(
      { name: key, options: { max_chunk_size: this.options.chunkBytes ?? 1024 * 1024 } },
      toReadableStream(data, () => this.nc.flush()),
    );
    return info.size;
  }

  async get(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const os = await this.store();
    const result = await os.get(key);
    if (!result) return null;
    return fromReadableStream(result.data, result.error);
  }

  async delete(key: string): Promise<void> {
    const os = await this.store();
    const info = await os.info(key);
    if (info && !info.deleted) await os.delete(key);
  }

  async has(key: string): Promise<boolean> {
    const os = await this.store();
    const info = await os.info(key);
    return !!info && !info.deleted;
  }
}

/** Bytes handed to the NATS client between two round trips to the server. */
const FLUSH_EVERY = 4 * 1024 * 1024;

/**
 * A pull-based web stream for ObjectStore.put. nats.js publishes each chunk
 * as it reads and awaits the acknowledgements only at the end, so a source
 * faster than the server (a client on a fast link) would pile chunks up in
 * the client's outbound buffer; a flush (a round trip) every few MiB holds
 * the reading to the server's pace and the memory to a few MiB per upload.
 */
function toReadableStream(data: AsyncIterable<Uint8Array>, flush: () => Promise<void>): ReadableStream<Uint8Array> {
  const it = data[Symbol.asyncIterator]();
  let sinceFlush = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sinceFlush >= FLUSH_EVERY) {
        sinceFlush = 0;
        await flush();
      }
      const { done, value } = await it.next();
      if (done) return controller.close();
      sinceFlush += value.length;
      controller.enqueue(value);
    },
    async cancel(reason) {
      await it.return?.(reason);
    },
  });
}

async function* fromReadableStream(rs: ReadableStream<Uint8Array>, error: Promise<Error | null>): AsyncGenerator<Uint8Array> {
  const reader = rs.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
    finished = true;
    const err = await error;
    if (err) throw err;
  } finally {
    // A reader that stopped early (a range that ended, a client that left) stops the stream's consumer.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
