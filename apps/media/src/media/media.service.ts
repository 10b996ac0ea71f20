import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import { CheckUsableRequest, MediaLocation, MediaView } from '@app/contracts';
import { PeersClient } from '../clients/peers.client';
import { MEDIA_SELECT, MediaRow, toMediaView } from './media.row';

/** The most media one message or post carries (an album). */
export const MAX_ATTACHED = 10;

/**
 * Finished media: by id for what the viewer already may see, for a viewer
 * under the contract's access rules (Query.media), and where their bytes are.
 */
@Injectable()
export class MediaService {
  constructor(
    private readonly ds: DataSource,
    private readonly peers: PeersClient,
  ) {}

  async getMany(ids: string[]): Promise<MediaView[]> {
    const wanted = ids.filter(isUuid);
    if (!wanted.length) return [];
    const rows = await queryRows<MediaRow>(this.ds, `${MEDIA_SELECT} WHERE m.id = ANY($1::uuid[])`, [wanted]);
    const byId = new Map(rows.map((r) => [r.id, toMediaView(r)]));
    return wanted.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Who may see a media: its uploader; anyone, for an avatar or a channel
   * photo (users and channels are visible to every signed-in user); whoever
   * may see a post it is in (news decides); a member who may see a message
   * it was sent in (messaging decides: current members, messages up to
   * where they may read, not deleted).
   */
  async getForViewer(viewerId: string, mediaId: string): Promise<MediaView | null> {
    const [media] = await this.getMany([mediaId]);
    if (!media) return null;
    if (media.ownerId === viewerId) return media;
    const uses = await queryRow<{ public: boolean; posts: string[] }>(
      this.ds,
      `SELECT EXISTS (SELECT 1 FROM avatars WHERE media_id = $1) OR EXISTS (SELECT 1 FROM channel_photos WHERE media_id = $1) AS public,
              ARRAY(SELECT post_id FROM post_media WHERE media_id = $1 LIMIT 100) AS posts`,
      [mediaId],
    );
    if (uses!.public) return media;
    if ((await this.peers.visiblePosts(viewerId, uses!.posts)).length) return media;
    return (await this.peers.visibleInMessages(viewerId, mediaId)) ? media : null;
  }

  /** The viewer's finished uploads, each once, in the order given; BAD_USER_INPUT on the field otherwise. */
  async checkUsable(input: CheckUsableRequest): Promise<MediaView[]> {
    const { mediaIds, field } = input;
    if (mediaIds.length > MAX_ATTACHED) throw DomainError.badInput(field, `At most ${MAX_ATTACHED} media`);
    if (new Set(mediaIds).size !== mediaIds.length) throw DomainError.badInput(field, 'Each media at most once');
    const found = await this.getMany(mediaIds);
    if (found.length !== mediaIds.length || found.some((m) => m.ownerId !== input.viewerId)) {
      throw DomainError.badInput(field, 'Only your own finished uploads can be attached');
    }
    return found;
  }

  async locate(mediaId: string, variant: 'file' | 'thumb'): Promise<MediaLocation | null> {
    if (!isUuid(mediaId)) return null;
    const row = await queryRow<MediaRow>(this.ds, `${MEDIA_SELECT} WHERE m.id = $1`, [mediaId]);
    if (!row) return null;
    const view = toMediaView(row);
    if (variant === 'file') return { parts: row.parts, size: view.size, mimeType: view.mimeType, etag: view.etag, fileName: view.fileName };
    if (!row.thumb_key) return null;
    return {
      parts: [{ key: row.thumb_key, size: row.thumb_size! }],
      size: row.thumb_size!,
      mimeType: 'image/webp',
      etag: `${view.etag}-thumb`,
      fileName: null,
    };
  }
}
