import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { DomainError, isUuid, LOGGER, NATS_CONNECTION, queryRow, queryRows } from '@app/common';
import {
  AccountsEvents,
  AuthResponse,
  SessionRevokedEvent,
  SessionView,
  ValidateSessionResponse,
  ValidateSessionsResponse,
} from '@app/contracts';
import { TokenService } from '../auth/token.service';
import { AccountsEnv } from '../config/accounts.env';
import { toUserView, USER_VIEW_COLUMNS, UserRow } from '../users/user.row';
import { SESSION_COLUMNS, SessionRow, toSessionView } from './session.row';

/** What spending a refresh token came to, decided inside its transaction and acted on after it. */
type RefreshOutcome = { auth: AuthResponse } | { reused: string } | { invalid: true };

@Injectable()
export class SessionService {
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly ds: DataSource,
    private readonly env: AccountsEnv,
    private readonly tokens: TokenService,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Opens a session with its first refresh token, in the caller's transaction. */
  async open(db: EntityManager, userId: string, deviceName: string | null, newUser: boolean): Promise<AuthResponse> {
    const session = (await queryRow<SessionRow>(
      db,
      `INSERT INTO sessions (user_id, device_name) VALUES ($1, $2) RETURNING ${SESSION_COLUMNS}`,
      [userId, deviceName],
    ))!;
    return this.issue(db, session, newUser);
  }

  /**
   * Rotates a refresh token. Spending is a conditional UPDATE, so of two
   * concurrent uses only one wins; a token that was already spent revokes its
   * session, since someone else holds a copy of it.
   */
  async refresh(refreshToken: string): Promise<AuthResponse> {
    const hash = this.tokens.hashRefreshToken(refreshToken);
    const outcome = await this.ds.transaction((db) => this.spend(db, hash));
    if ('reused' in outcome) {
      const userId = await this.revokeById(outcome.reused, 'refresh token reused');
      this.logger.warn({ sessionId: outcome.reused, userId }, 'refresh token reuse: session revoked');
      throw DomainError.unauthenticated('This refresh token was already used; the session has been signed out');
    }
    if ('auth' in outcome) return outcome.auth;
    throw DomainError.unauthenticated('The refresh token is not valid; sign in again');
  }

  async list(viewerId: string, currentSessionId: string): Promise<SessionView[]> {
    const sessions = await queryRows<SessionRow>(
      this.ds,
      `SELECT ${SESSION_COLUMNS} FROM sessions
        WHERE user_id = $1 AND revoked_at IS NULL ORDER BY last_active_at DESC`,
      [viewerId],
    );
    return sessions.map((row) => toSessionView(row, currentSessionId));
  }

  /** Revokes one of the viewer's own sessions; NOT_FOUND for anyone else's. */
  async revoke(viewerId: string, sessionId: string): Promise<boolean> {
    if (!isUuid(sessionId)) throw DomainError.notFound('No such session');
    const row = await queryRow<{ user_id: string }>(this.ds, `SELECT user_id FROM sessions WHERE id = $1`, [sessionId]);
    if (!row || row.user_id !== viewerId) throw DomainError.notFound('No such session');
    await this.revokeById(sessionId, 'revoked by user');
    return true;
  }

  /**
   * Whether a session still stands; called by the gateway at most every few
   * seconds per session. Activity and last seen are written at most once a
   * minute, so they stay fresh without a write per request.
   */
  async validate(sessionId: string): Promise<ValidateSessionResponse> {
    const [row] = await this.validateRows([sessionId]);
    if (!row || row.revoked_at) return { valid: false, userId: row?.user_id ?? null };
    return { valid: true, userId: row.user_id };
  }

  /**
   * validate() for many sessions in one statement: what a gateway asks every
   * few seconds about the sessions it holds sockets of.
   */
  async validateMany(sessionIds: string[]): Promise<ValidateSessionsResponse> {
    if (!sessionIds.length) return { invalid: [] };
    const valid = new Set((await this.validateRows(sessionIds)).filter((r) => !r.revoked_at).map((r) => r.id));
    return { invalid: sessionIds.filter((id) => !valid.has(id)) };
  }

  /** The sessions found among these, each touched as validate() says (activity and last seen at most once a minute). */
  private validateRows(sessionIds: string[]): Promise<Array<{ id: string; user_id: string; revoked_at: Date | null }>> {
    return queryRows(
      this.ds,
      `WITH s AS (SELECT id, user_id, revoked_at FROM sessions WHERE id = ANY($1::uuid[])),
            touch AS (UPDATE sessions SET last_active_at = now()
                       WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL AND last_active_at < now() - interval '60 seconds' RETURNING user_id),
            seen AS (UPDATE users SET last_seen_at = now()
                      WHERE id IN (SELECT user_id FROM touch) AND (last_seen_at IS NULL OR last_seen_at < now() - interval '60 seconds'))
       SELECT id, user_id, revoked_at FROM s`,
      [sessionIds],
    );
  }

  /** Marks the session revoked, spends its tokens and tells every gateway to drop it. */
  async revokeById(sessionId: string, reason: string): Promise<string | null> {
    const row = await queryRow<{ user_id: string }>(
      this.ds,
      `UPDATE sessions SET revoked_at = COALESCE(revoked_at, now()), revoke_reason = COALESCE(revoke_reason, $2)
        WHERE id = $1 RETURNING user_id`,
      [sessionId, reason],
    );
    await queryRows<never>(this.ds, `UPDATE refresh_tokens SET spent_at = now() WHERE session_id = $1 AND spent_at IS NULL`, [sessionId]);
    if (row) {
      const event: SessionRevokedEvent = { sessionId, userId: row.user_id };
      this.nc.publish(AccountsEvents.SessionRevoked, this.encoder.encode(JSON.stringify(event)));
    }
    return row?.user_id ?? null;
  }

  /** Spends the token and, when it was live and its session stands, issues the next one. */
  private async spend(db: EntityManager, hash: string): Promise<RefreshOutcome> {
    const spent = await queryRow<{ session_id: string }>(
      db,
      `UPDATE refresh_tokens SET spent_at = now()
        WHERE token_hash = $1 AND spent_at IS NULL AND expires_at > now()
        RETURNING session_id`,
      [hash],
    );
    if (!spent) {
      const old = await queryRow<{ session_id: string; spent_at: Date | null }>(
        db,
        `SELECT session_id, spent_at FROM refresh_tokens WHERE token_hash = $1`,
        [hash],
      );
      return old?.spent_at ? { reused: old.session_id } : { invalid: true };
    }
    const session = await queryRow<SessionRow>(
      db,
      `UPDATE sessions SET last_active_at = now() WHERE id = $1 AND revoked_at IS NULL
        RETURNING ${SESSION_COLUMNS}`,
      [spent.session_id],
    );
    if (!session) return { invalid: true };
    return { auth: await this.issue(db, session, false) };
  }

  private async issue(db: EntityManager, session: SessionRow, newUser: boolean): Promise<AuthResponse> {
    const refresh = this.tokens.newRefreshToken();
    await queryRows<never>(
      db,
      `INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, now() + make_interval(days => $3))`,
      [refresh.hash, session.id, this.env.REFRESH_TOKEN_TTL_DAYS],
    );
    const user = (await queryRow<UserRow>(db, `SELECT ${USER_VIEW_COLUMNS} FROM users u WHERE u.id = $1`, [session.user_id]))!;
    const access = await this.tokens.accessToken(session.user_id, session.id);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken: refresh.token,
      user: toUserView(user, session.user_id),
      session: toSessionView(session, session.id),
      newUser,
    };
  }
}
