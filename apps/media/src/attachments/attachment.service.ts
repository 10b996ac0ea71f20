import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, queryRows } from '@app/common';
import {
  AttachToPostRequest,
  ErrorCode,
  ChannelPhoto,
  MediaView,
  PostMedia,
  SetAvatarRequest,
  SetChannelPhotoRequest,
  UserAvatar,
} from '@app/contracts';
import { PeersClient } from '../clients/peers.client';
import { MEDIA_SELECT, MediaRow, toMediaView } from '../media/media.row';
import { MediaService } from '../media/media.service';

/** Media used outside conversations: avatars, channel photos, media of posts. */
@Injectable()
export class AttachmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly media: MediaService,
    private readonly peers: PeersClient,
  ) {}

  private async ownPhoto(viewerId: string, mediaId: string): Promise<MediaView> {
    const [photo] = await this.media.checkUsable({ viewerId, mediaIds: [mediaId], field: 'mediaId' });
    if (photo.kind !== 'PHOTO') throw DomainError.badInput('mediaId', 'Only a photo');
    return photo;
  }

  async setAvatar(input: SetAvatarRequest): Promise<boolean> {
    if (!input.mediaId) {
      await this.ds.query(`DELETE FROM avatars WHERE user_id = $1`, [input.viewerId]);
      return true;
    }
    await this.ownPhoto(input.viewerId, input.mediaId);
    await this.ds.query(
      `INSERT INTO avatars (user_id, media_id) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET media_id = excluded.media_id, set_at = now()`,
      [input.viewerId, input.mediaId],
    );
    return true;
  }

  async avatars(userIds: string[]): Promise<UserAvatar[]> {
    const rows = await queryRows<MediaRow & { user_id: string }>(
      this.ds,
      `${MEDIA_SELECT.replace('SELECT ', 'SELECT a.user_id, ')} JOIN avatars a ON a.media_id = m.id WHERE a.user_id = ANY($1::uuid[])`,
      [userIds],
    );
    return rows.map((r) => ({ userId: r.user_id, media: toMediaView(r) }));
  }

  async setChannelPhoto(input: SetChannelPhotoRequest): Promise<boolean> {
    const role = await this.peers.channelRole(input.viewerId, input.channelId);
    if (role === undefined) throw DomainError.notFound('No such channel');
    if (role !== 'OWNER' && role !== 'ADMIN') throw DomainError.forbidden('Only the channel’s owner and admins');
    if (!input.mediaId) {
      await this.ds.query(`DELETE FROM channel_photos WHERE channel_id = $1`, [input.channelId]);
      return true;
    }
    await this.ownPhoto(input.viewerId, input.mediaId);
    await this.ds.query(
      `INSERT INTO channel_photos (channel_id, media_id) VALUES ($1, $2)
       ON CONFLICT (channel_id) DO UPDATE SET media_id = excluded.media_id, set_at = now()`,
      [input.channelId, input.mediaId],
    );
    return true;
  }

  async channelPhotos(channelIds: string[]): Promise<ChannelPhoto[]> {
    const rows = await queryRows<MediaRow & { channel_id: string }>(
      this.ds,
      `${MEDIA_SELECT.replace('SELECT ', 'SELECT c.channel_id, ')} JOIN channel_photos c ON c.media_id = m.id WHERE c.channel_id = ANY($1::uuid[])`,
      [channelIds],
    );
    return rows.map((r) => ({ channelId: r.channel_id, media: toMediaView(r) }));
  }

  /**
   * The first step of publishPost with media: the album is recorded under
   * the post's id (chosen by the gateway) before news publishes the post,
   * pending until PostMediaSettler hears from news whether that id became a
   * post. Idempotent by post id: the same album again answers true and adds
   * nothing; another album, or another user, under the same id is refused.
   */
  async attachToPost(input: AttachToPostRequest): Promise<boolean> {
    await this.media.checkUsable({ viewerId: input.viewerId, mediaIds: input.mediaIds, field: 'mediaIds' });
    return this.ds.transaction(async (db) => {
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('post-media:' || $1))`, [input.postId]);
      const held = await queryRows<{ media_id: string; attached_by: string | null }>(
        db,
        `SELECT media_id, attached_by FROM post_media WHERE post_id = $1 ORDER BY position`,
        [input.postId],
      );
      if (held.length) {
        const same =
          held.length === input.mediaIds.length &&
          held.every((r, i) => r.media_id === input.mediaIds[i].toLowerCase() && r.attached_by === input.viewerId);
        if (same) return true;
        throw new DomainError(ErrorCode.IdempotencyConflict, 'This post has other media');
      }
      await db.query(
        `INSERT INTO post_media (post_id, position, media_id, attached_by, pending)
         SELECT $1, t.ord - 1, t.id, $3, true FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ord)`,
        [input.postId, input.mediaIds, input.viewerId],
      );
      return true;
    });
  }

  async postMedia(postIds: string[]): Promise<PostMedia[]> {
    const rows = await queryRows<MediaRow & { post_id: string }>(
      this.ds,
      `${MEDIA_SELECT.replace('SELECT ', 'SELECT p.post_id, ')} JOIN post_media p ON p.media_id = m.id
        WHERE p.post_id = ANY($1::uuid[]) ORDER BY p.post_id, p.position`,
      [postIds],
    );
    const byPost = new Map<string, MediaView[]>();
    for (const r of rows) byPost.set(r.post_id, [...(byPost.get(r.post_id) ?? []), toMediaView(r)]);
    return [...byPost].map(([postId, media]) => ({ postId, media }));
  }
}
