/**
 * Where media bytes live. The platform's default and tested store is NATS
 * JetStream's Object Store (object-store.blob-store.ts); an S3-compatible
 * store can replace it by implementing these four calls. Objects are written
 * once and never changed: a media's bytes are an ordered list of objects
 * (an upload's chunks, or one re-encoded file), so a range read starts at the
 * object that holds its first byte.
 */
export interface BlobStore {
  /** Stores the stream under key; resolves with the bytes stored. A stream that fails stores nothing. */
  put(key: string, data: AsyncIterable<Uint8Array>): Promise<number>;
  /** The object's bytes, or null when there is no such object. */
  get(key: string): Promise<AsyncIterable<Uint8Array> | null>;
  /** Removes the object; removing a missing one is no error. */
  delete(key: string): Promise<void>;
  /** Whether the object exists. */
  has(key: string): Promise<boolean>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');

/** Reads objects one after another, from byte `start` (counted across all of them) to `end` inclusive. */
export async function* readParts(
  store: BlobStore,
  parts: ReadonlyArray<{ key: string; size: number }>,
  start = 0,
  end = Number.POSITIVE_INFINITY,
): AsyncGenerator<Uint8Array> {
  let base = 0;
  for (const part of parts) {
    const partEnd = base + part.size;
    if (partEnd <= start || part.size === 0) {
      base = partEnd;
      continue;
    }
    if (base > end) return;
    const data = await store.get(part.key);
    if (!data) throw new Error(`blob part missing: ${part.key}`);
    let at = base;
    for await (const chunk of data) {
      const from = Math.max(0, start - at);
      const to = Math.min(chunk.length, end - at + 1);
      at += chunk.length;
      if (to > from) yield from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to);
      if (at > end) return;
    }
    base = partEnd;
  }
}
