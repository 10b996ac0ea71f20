import { request } from '../api/client';
import { ApiError, describeError } from '../api/errors';
import type { MediaFieldsFragment, MediaKind } from '../gql/graphql';
import { FinishUpload, StartUpload } from '../ops/media';

/** Bytes per PATCH: a dropped connection costs at most this much again. */
const CHUNK = 2 * 1024 * 1024;
/** Files up to this size carry their SHA-256, which finishUpload checks (hashing reads the whole file into memory). */
const HASH_MAX = 64 * 1024 * 1024;
/** Network failures in a row before the upload waits for the person (Retry). */
const AUTO_RETRIES = 5;

export type UploadState = 'uploading' | 'processing' | 'done' | 'failed' | 'cancelled';

export interface UploadView {
  key: string;
  file: File;
  kind: MediaKind;
  state: UploadState;
  /** 0..1 of the bytes the server has. */
  progress: number;
  media?: MediaFieldsFragment;
  error?: string;
}

/** The kind a file is sent as: what it looks like by its type; finishUpload checks the bytes. */
export function kindOf(file: File): MediaKind {
  if (/^image\/(jpeg|png|webp|gif|avif)$/.test(file.type)) return 'PHOTO';
  if (file.type.startsWith('video/')) return 'VIDEO';
  if (file.type.startsWith('audio/')) return 'AUDIO';
  return 'FILE';
}

let counter = 0;

/**
 * One file to the platform: startUpload, then the bytes by tus (PATCH in
 * chunks, each acknowledged with the new offset), then finishUpload. After a
 * dropped connection it asks the server where it stands (HEAD) and goes on
 * from there, by itself a few times and then on Retry; Cancel stops it.
 */
export class Upload {
  readonly key = `u${++counter}`;
  private view: UploadView;
  private ticket?: { mediaId: string; uploadUrl: string };
  private xhr?: XMLHttpRequest;
  private failures = 0;

  constructor(
    file: File,
    kind: MediaKind,
    private readonly onChange: (v: UploadView) => void,
    private readonly durationSeconds?: number,
  ) {
    this.view = { key: this.key, file, kind, state: 'uploading', progress: 0 };
  }

  get current(): UploadView {
    return this.view;
  }

  start(): void {
    void this.run();
  }

  cancel(): void {
    this.xhr?.abort();
    this.set({ state: 'cancelled' });
  }

  retry(): void {
    if (this.view.state !== 'failed') return;
    this.failures = 0;
    this.set({ state: 'uploading', error: undefined });
    void this.run();
  }

  private set(patch: Partial<UploadView>) {
    this.view = { ...this.view, ...patch };
    this.onChange(this.view);
  }

  private get live() {
    return this.view.state === 'uploading';
  }

  private async run(): Promise<void> {
    const { file } = this.view;
    try {
      if (!this.ticket) {
        const sha256 = file.size <= HASH_MAX ? await sha256Hex(file) : undefined;
        const video = this.view.kind === 'VIDEO' ? await videoMetadata(file) : undefined;
        const r = await request(StartUpload, {
          input: {
            kind: this.view.kind,
            mimeType: file.type || 'application/octet-stream',
            size: file.size,
            fileName: file.name,
            sha256,
            durationSeconds: this.durationSeconds ?? video?.durationSeconds,
            // Shown (marked dimensionsFromClient) only where the server has no decoder to measure the video.
            width: video?.width,
            height: video?.height,
          },
        });
        this.ticket = r.startUpload;
      }
      let offset = await this.offset();
      while (this.live && offset < file.size) {
        offset = await this.patch(offset, file.slice(offset, offset + CHUNK));
        this.failures = 0;
        this.set({ progress: offset / file.size });
      }
      if (!this.live) return;
      this.set({ state: 'processing', progress: 1 });
      const done = await request(FinishUpload, { id: this.ticket.mediaId });
      this.set({ state: 'done', media: done.finishUpload });
    } catch (err) {
      if (this.view.state === 'cancelled') return;
      if (err instanceof ApiError) return this.set({ state: 'failed', error: describeError(err) });
      if (++this.failures <= AUTO_RETRIES) {
        await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** this.failures, 8000)));
        if (this.view.state === 'uploading' || this.view.state === 'processing') return this.run();
        return;
      }
      this.set({ state: 'failed', error: 'اتصال قطع شد؛ دوباره تلاش کنید.' });
    }
  }

  /** Where the server stands (tus HEAD). */
  private async offset(): Promise<number> {
    const res = await fetch(this.ticket!.uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' }, cache: 'no-store' });
    if (!res.ok) throw new ApiError('upload gone', 'NOT_FOUND', {});
    return Number(res.headers.get('Upload-Offset') ?? 0);
  }

  /** One chunk by XMLHttpRequest (fetch reports no upload progress); resolves with the new offset. */
  private patch(offset: number, chunk: Blob): Promise<number> {
    return new Promise((resolve, reject) => {
      const xhr = (this.xhr = new XMLHttpRequest());
      xhr.open('PATCH', this.ticket!.uploadUrl);
      xhr.setRequestHeader('Tus-Resumable', '1.0.0');
      xhr.setRequestHeader('Upload-Offset', String(offset));
      xhr.setRequestHeader('Content-Type', 'application/offset+octet-stream');
      xhr.upload.onprogress = (e) => this.set({ progress: (offset + e.loaded) / this.view.file.size });
      xhr.onload = () => {
        if (xhr.status === 204) return resolve(Number(xhr.getResponseHeader('Upload-Offset')));
        // 409: another attempt got there first; HEAD says where to go on from.
        if (xhr.status === 409) return this.offset().then(resolve, reject);
        reject(new ApiError(`upload answered ${xhr.status}`, xhr.status === 413 ? 'MEDIA_REJECTED' : 'INTERNAL', {}));
      };
      xhr.onerror = () => reject(new Error('network'));
      xhr.onabort = () => reject(new Error('aborted'));
      xhr.send(chunk);
    });
  }
}

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A video's size and duration as this browser reads them (nothing when it cannot play the format). */
function videoMetadata(file: File): Promise<{ width?: number; height?: number; durationSeconds?: number } | undefined> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const video = document.createElement('video');
    const done = (value?: { width?: number; height?: number; durationSeconds?: number }) => {
      clearTimeout(timer);
      video.removeAttribute('src');
      video.load();
      URL.revokeObjectURL(url);
      resolve(value);
    };
    const timer = setTimeout(() => done(), 5000);
    video.preload = 'metadata';
    video.muted = true;
    video.onloadedmetadata = () =>
      done({
        width: video.videoWidth || undefined,
        height: video.videoHeight || undefined,
        durationSeconds: Number.isFinite(video.duration) ? video.duration : undefined,
      });
    video.onerror = () => done();
    video.src = url;
  });
}
