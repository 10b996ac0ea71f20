import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import { UpdatePrivacyRequest, UpdateProfileRequest, UserView } from '@app/contracts';
import { compactKey, searchKey } from '@app/persian';
import { cleanBio, cleanDisplayName, cleanUsername, userSearchKey } from './user.rules';
import { toUserView, UserRow, USER_VIEW_COLUMNS } from './user.row';

const UNIQUE_VIOLATION = '23505';

function likePattern(key: string): string {
  return `%${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class UserService {
  constructor(private readonly ds: DataSource) {}

  async get(viewerId: string, id?: string | null, username?: string | null): Promise<UserView | null> {
    let found: UserRow[] = [];
    if (id) {
      if (!isUuid(id)) return null;
      found = await queryRows<UserRow>(this.ds, `SELECT ${USER_VIEW_COLUMNS} FROM users u WHERE u.id = $2`, [viewerId, id]);
    } else if (username) {
      found = await queryRows<UserRow>(this.ds, `SELECT ${USER_VIEW_COLUMNS} FROM users u WHERE lower(u.username) = lower($2)`, [
        viewerId,
        username.replace(/^@/, ''),
      ]);
    }
    return found[0] ? toUserView(found[0], viewerId) : null;
  }

  /** The users that exist among ids, in the order asked (for the gateway's batching loader). */
  async getMany(viewerId: string, ids: string[]): Promise<UserView[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (!valid.length) return [];
    const found = await queryRows<UserRow>(this.ds, `SELECT ${USER_VIEW_COLUMNS} FROM users u WHERE u.id = ANY($2::uuid[])`, [
      viewerId,
      valid,
    ]);
    const byId = new Map(found.map((row) => [row.id, row]));
    return ids.filter((id) => byId.has(id)).map((id) => toUserView(byId.get(id)!, viewerId));
  }

  /** The users with these usernames, case-insensitively (mentions). */
  async byUsernames(viewerId: string, usernames: string[]): Promise<UserView[]> {
    const names = [...new Set(usernames.map((u) => u.replace(/^@/, '').toLowerCase()))];
    if (!names.length) return [];
    const found = await queryRows<UserRow>(this.ds, `SELECT ${USER_VIEW_COLUMNS} FROM users u WHERE lower(u.username) = ANY($2::text[])`, [
      viewerId,
      names,
    ]);
    return found.map((row) => toUserView(row, viewerId));
  }

  /**
   * Persian-normalized substring search over display names and usernames: the
   * query is folded exactly as the stored key was, and matched through the
   * trigram index either as typed or with its spaces removed.
   */
  async search(viewerId: string, query: string, first: number): Promise<UserView[]> {
    const key = searchKey(query).replace(/^@/, '');
    const compact = compactKey(query).replace(/^@/, '');
    if (!key && !compact) return [];
    const found = await queryRows<UserRow>(
      this.ds,
      `SELECT ${USER_VIEW_COLUMNS} FROM users u
        WHERE u.search_key LIKE $2 OR ($3 <> '' AND u.search_key LIKE $3)
        ORDER BY (lower(u.username) = $4) DESC, public.similarity(u.search_key, $5) DESC, u.created_at
        LIMIT $6`,
      [viewerId, likePattern(key), compact.length >= 2 ? likePattern(compact) : '', key, key, first],
    );
    return found.map((row) => toUserView(row, viewerId));
  }

  /**
   * Fields not given keep their value. The row is locked while the new values
   * (and the search key built from them) are computed, so two concurrent
   * updates of different fields cannot overwrite each other with stale values.
   */
  async updateProfile(input: UpdateProfileRequest): Promise<UserView> {
    try {
      await this.ds.transaction(async (db) => {
        const current = await queryRow<Pick<UserRow, 'display_name' | 'username' | 'bio'>>(
          db,
          `SELECT display_name, username, bio FROM users WHERE id = $1 FOR UPDATE`,
          [input.viewerId],
        );
        if (!current) throw DomainError.notFound('No such user');
        const displayName =
          input.displayName !== undefined && input.displayName !== null ? cleanDisplayName(input.displayName) : current.display_name;
        const username = input.username !== undefined ? cleanUsername(input.username) : current.username;
        const bio = input.bio !== undefined ? cleanBio(input.bio) : current.bio;
        await queryRows<never>(
          db,
          `UPDATE users SET display_name = $2, username = $3, bio = $4, search_key = $5, updated_at = now() WHERE id = $1`,
          [input.viewerId, displayName, username, bio, userSearchKey(displayName, username)],
        );
      });
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw DomainError.badInput('username', 'This username is taken');
      throw err;
    }
    return (await this.get(input.viewerId, input.viewerId))!;
  }

  async updatePrivacy(input: UpdatePrivacyRequest): Promise<UserView> {
    await queryRows<never>(
      this.ds,
      `UPDATE users SET show_last_seen = coalesce($2, show_last_seen), find_by_phone = coalesce($3, find_by_phone), updated_at = now()
        WHERE id = $1`,
      [input.viewerId, input.showLastSeen ?? null, input.findByPhone ?? null],
    );
    const user = await this.get(input.viewerId, input.viewerId);
    if (!user) throw DomainError.notFound('No such user');
    return user;
  }
}
