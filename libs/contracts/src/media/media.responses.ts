import { MediaKind } from './media.requests';

/** A finished media as the contract shows it; the gateway adds the signed URLs. */
export interface MediaView {
  id: string;
  ownerId: string;
  kind: MediaKind;
  mimeType: string;
  size: number;
  fileName: string | null;
  width: number | null;
  height: number | null;
  /** VIDEO: width and height are what the uploader's client reported (no decoder measured them). */
  dimensionsFromClient: boolean;
  durationSeconds: number | null;
  waveform: number[] | null;
  blurhash: string | null;
  hasThumbnail: boolean;
  /** Changes whenever the bytes do (the ETag of downloads). */
  etag: string;
  createdAt: string;
}

export interface UploadStarted {
  mediaId: string;
  size: number;
  expiresAt: string;
}

export interface UploadStatusView {
  /** Bytes received so far (the tus Upload-Offset). */
  offset: number;
  /** The declared size (Upload-Length). */
  length: number;
  /** UPLOADING takes chunks; READY or REJECTED take no more. */
  state: 'UPLOADING' | 'READY' | 'REJECTED';
  expiresAt: string;
}

export interface AppendChunkResult {
  /** False when the offset was no longer the upload's (another copy or a retry got there first). */
  appended: boolean;
  offset: number;
}

/** One stored object of a media's bytes, in order. */
export interface BlobPart {
  key: string;
  size: number;
}

export interface MediaLocation {
  parts: BlobPart[];
  size: number;
  mimeType: string;
  etag: string;
  fileName: string | null;
}

export interface OwnedMedia {
  ownerId: string;
  media: MediaView;
}

export interface UserAvatar {
  userId: string;
  media: MediaView;
}

export interface ChannelPhoto {
  channelId: string;
  media: MediaView;
}

export interface PostMedia {
  postId: string;
  media: MediaView[];
}
