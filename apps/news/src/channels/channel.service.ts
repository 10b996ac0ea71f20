import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import { ChannelPage, ChannelRole, ChannelView, CreateChannelRequest, UpdateChannelRequest } from '@app/contracts';
import { compactKey, searchKey, toTsQuery } from '@app/persian';
import { AccountsClient } from '../clients/accounts.client';
import { decodeCursor, encodeCursor } from '../paging/cursor';
import { pageOf } from '../paging/page';
import { channelSearchKeys, cleanDescription, cleanHandle, cleanTitle } from './channel.rules';
import { CHANNEL_COLUMNS, ChannelRow, toChannelView } from './channel.row';

const UNIQUE_VIOLATION = '23505';
const CHANNEL_CURSOR = 'channel';

function likePattern(key: string): string {
  return `%${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class ChannelService {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountsClient,
  ) {}

  async create(input: CreateChannelRequest): Promise<ChannelView> {
    const handle = cleanHandle(input.handle);
    const title = cleanTitle(input.title);
    const description = cleanDescription(input.description);
    const keys = channelSearchKeys(handle, title);
    try {
      const id = await this.ds.transaction(async (db) => {
        const row = (await queryRow<{ id: string }>(
          db,
          `INSERT INTO channels (handle, title, description, sign_posts, search_doc, compact_key, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [handle, title, description, input.signPosts ?? false, keys.doc, keys.compact, input.viewerId],
        ))!;
        await queryRows<never>(db, `INSERT INTO channel_admins (channel_id, user_id, role) VALUES ($1, $2, 'OWNER')`, [
          row.id,
          input.viewerId,
        ]);
        return row.id;
      });
      return (await this.get(input.viewerId, id))!;
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw DomainError.badInput('handle', 'This handle is taken');
      throw err;
    }
  }

  async update(input: UpdateChannelRequest): Promise<ChannelView> {
    await this.requireRole(input.channelId, input.viewerId);
    const current = (await queryRow<Pick<ChannelRow, 'handle' | 'title' | 'description' | 'sign_posts'>>(
      this.ds,
      `SELECT handle, title, description, sign_posts FROM channels WHERE id = $1`,
      [input.channelId],
    ))!;
    const title = input.title !== undefined && input.title !== null ? cleanTitle(input.title) : current.title;
    const description = input.description !== undefined ? cleanDescription(input.description) : current.description;
    const signPosts = input.signPosts ?? current.sign_posts;
    const keys = channelSearchKeys(current.handle, title);
    await queryRows<never>(
      this.ds,
      `UPDATE channels SET title = $2, description = $3, sign_posts = $4, search_doc = $5, compact_key = $6 WHERE id = $1`,
      [input.channelId, title, description, signPosts, keys.doc, keys.compact],
    );
    return (await this.get(input.viewerId, input.channelId))!;
  }

  async get(viewerId: string, id?: string | null, handle?: string | null): Promise<ChannelView | null> {
    let rows: ChannelRow[] = [];
    if (id) {
      if (!isUuid(id)) return null;
      rows = await queryRows<ChannelRow>(this.ds, `SELECT ${CHANNEL_COLUMNS} FROM channels c WHERE c.id = $2`, [viewerId, id]);
    } else if (handle) {
      rows = await queryRows<ChannelRow>(this.ds, `SELECT ${CHANNEL_COLUMNS} FROM channels c WHERE lower(c.handle) = lower($2)`, [
        viewerId,
        handle.trim().replace(/^@/, ''),
      ]);
    }
    return rows[0] ? toChannelView(rows[0]) : null;
  }

  /** The channels that exist among ids, in the order asked (the gateway's batching loader). */
  async getMany(viewerId: string, ids: string[]): Promise<ChannelView[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (!valid.length) return [];
    const rows = await queryRows<ChannelRow>(this.ds, `SELECT ${CHANNEL_COLUMNS} FROM channels c WHERE c.id = ANY($2::uuid[])`, [
      viewerId,
      valid,
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.filter((id) => byId.has(id)).map((id) => toChannelView(byId.get(id)!));
  }

  /**
   * The directory, most subscribed first. A query matches handles and titles
   * through the Persian search keys: whole words (prefix on the last one) in
   * the full-text index, or any substring of the space-free key in the
   * trigram index (spacing variants, partial handles).
   */
  async list(viewerId: string, query: string | null | undefined, first: number, after?: string | null): Promise<ChannelPage> {
    const cursor = decodeCursor(CHANNEL_CURSOR, after);
    const params: unknown[] = [viewerId];
    const where: string[] = [];
    if (query && searchKey(query).replace(/^@/, '')) {
      const ts = toTsQuery(query.replace(/^\s*@/, ''));
      const compact = compactKey(query).replace(/^@/, '');
      params.push(ts ?? '', compact.length >= 2 ? likePattern(compact) : '');
      where.push(
        `(($2 <> '' AND to_tsvector('simple', c.search_doc) @@ to_tsquery('simple', $2)) OR ($3 <> '' AND c.compact_key LIKE $3))`,
      );
    }
    if (cursor) {
      params.push(cursor.key, cursor.id);
      const k = params.length - 1;
      where.push(`(c.subscriber_count < $${k} OR (c.subscriber_count = $${k} AND c.id > $${k + 1}))`);
    }
    params.push(first + 1);
    const rows = await queryRows<ChannelRow>(
      this.ds,
      `SELECT ${CHANNEL_COLUMNS} FROM channels c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.subscriber_count DESC, c.id LIMIT $${params.length}`,
      params,
    );
    return pageOf(rows, first, toChannelView, (r) => encodeCursor(CHANNEL_CURSOR, r.subscriber_count, r.id));
  }

  /** Owners add admins; adding an existing admin (or the owner) changes nothing. */
  async addAdmin(viewerId: string, channelId: string, targetId: string): Promise<ChannelView> {
    const role = await this.requireRole(channelId, viewerId);
    if (role !== 'OWNER') throw DomainError.forbidden('Only the channel owner adds admins');
    if (!isUuid(targetId) || !(await this.accounts.user(viewerId, targetId))) throw DomainError.notFound('No such user');
    await queryRows<never>(
      this.ds,
      `INSERT INTO channel_admins (channel_id, user_id, role, added_by) VALUES ($1, $2, 'ADMIN', $3) ON CONFLICT DO NOTHING`,
      [channelId, targetId, viewerId],
    );
    return (await this.get(viewerId, channelId))!;
  }

  /** The viewer's role in the channel; NOT_FOUND when there is no such channel, FORBIDDEN for readers. */
  async requireRole(channelId: string, viewerId: string): Promise<ChannelRole> {
    if (!isUuid(channelId)) throw DomainError.notFound('No such channel');
    const row = await queryRow<{ role: ChannelRole | null }>(
      this.ds,
      `SELECT (SELECT role FROM channel_admins WHERE channel_id = c.id AND user_id = $2) AS role FROM channels c WHERE c.id = $1`,
      [channelId, viewerId],
    );
    if (!row) throw DomainError.notFound('No such channel');
    if (!row.role) throw DomainError.forbidden("Only the channel's owner and admins may do this");
    return row.role;
  }

  async requireExists(channelId: string): Promise<void> {
    if (!isUuid(channelId) || !(await queryRow<{ id: string }>(this.ds, `SELECT id FROM channels WHERE id = $1`, [channelId]))) {
      throw DomainError.notFound('No such channel');
    }
  }
}
