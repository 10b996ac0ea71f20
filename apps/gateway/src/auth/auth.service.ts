import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { NatsConnection, Subscription } from 'nats';
import { Logger } from 'pino';
import { DomainError, LOGGER, NATS_CONNECTION, resolveJwtSecret, RpcClient } from '@app/common';
import { AccountsEvents, AccountsSubjects, ErrorCode, SessionRevokedEvent } from '@app/contracts';
import { GatewayEnv } from '../config/gateway.env';
import { Viewer } from './viewer';

interface SessionState {
  valid: boolean;
  checkedAt: number;
}

/** Sessions per request of the sweep (the contract's limit). */
const VALIDATE_BATCH = 1000;

/** How long a session last known valid is trusted while accounts does not answer. */
const STALE_GRACE_MS = 60_000;

/** Tokens verified lately (each client sends the same one with every request until it refreshes). */
const VERIFIED_TOKENS = 10_000;

interface VerifiedToken {
  viewer: Viewer;
  /** The token's `exp`, in seconds since the epoch. */
  exp: number;
}

/**
 * Verifies access tokens locally (JWT, HS256) and keeps each session's
 * validity for at most SESSION_CHECK_MS before asking accounts again. A
 * revocation reaches every gateway copy at once as an event; if that event is
 * lost, the next check (within the window) still catches it, so a revoked
 * session stops working within 5 seconds either way.
 */
@Injectable()
export class AuthService implements OnModuleInit, OnModuleDestroy {
  private readonly secret: Uint8Array;
  private readonly sessions = new Map<string, SessionState>();
  private readonly inflight = new Map<string, Promise<boolean>>();
  private readonly revokedListeners = new Set<(sessionId: string) => void>();
  /**
   * A token's signature and claims never change, so a verified one is not
   * verified again (an HMAC and a JSON parse per request, ~7% of the
   * gateway's CPU in bench/payments) until it expires; whether its session
   * still stands is checked on every request all the same.
   */
  private readonly verified = new LRUCache<string, VerifiedToken>({ max: VERIFIED_TOKENS });
  private subscription?: Subscription;

  constructor(
    private readonly env: GatewayEnv,
    private readonly rpc: RpcClient,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.secret = resolveJwtSecret(env);
  }

  onModuleInit(): void {
    this.subscription = this.nc.subscribe(AccountsEvents.SessionRevoked, {
      callback: (err, msg) => {
        if (err) return;
        try {
          const event = JSON.parse(new TextDecoder().decode(msg.data)) as SessionRevokedEvent;
          this.sessions.set(event.sessionId, { valid: false, checkedAt: Date.now() });
          for (const listener of this.revokedListeners) listener(event.sessionId);
        } catch (e) {
          this.logger.warn({ err: e }, 'bad session revoked event');
        }
      },
    });
    // Forget sessions not seen for a while, so the map does not grow forever.
    this.sweeper = setInterval(() => {
      const cutoff = Date.now() - 10 * 60_000;
      for (const [id, state] of this.sessions) if (state.checkedAt < cutoff) this.sessions.delete(id);
    }, 60_000).unref();
  }

  private sweeper?: NodeJS.Timeout;

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    if (this.sweeper) clearInterval(this.sweeper);
  }

  onSessionRevoked(listener: (sessionId: string) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  /** The viewer of an `Authorization` value; null when there is none; UNAUTHENTICATED when it is bad. */
  async authenticate(authorization: string | undefined | null): Promise<Viewer | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw DomainError.unauthenticated('The Authorization header must be "Bearer <accessToken>"');
    const token = match[1];
    const known = this.verified.get(token);
    // As jose decides expiry: expired once exp <= now (in whole seconds), with no tolerance.
    const viewer = known && known.exp > Math.floor(Date.now() / 1000) ? known.viewer : await this.verify(token);
    if (!(await this.sessionValid(viewer.sessionId))) throw DomainError.unauthenticated('This session was signed out');
    return viewer;
  }

  private async verify(token: string): Promise<Viewer> {
    try {
      // A token without exp would never expire: refused, whoever signed it.
      const { payload } = await jwtVerify(token, this.secret, { algorithms: ['HS256'], requiredClaims: ['exp'] });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') throw new Error('claims');
      const viewer = { userId: payload.sub, sessionId: payload.sid };
      this.verified.set(token, { viewer, exp: payload.exp });
      return viewer;
    } catch (err) {
      this.verified.delete(token);
      const expired = (err as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw DomainError.unauthenticated(expired ? 'The access token has expired; refresh it' : 'The access token is not valid');
    }
  }

  /** Whether a session stands, from the cache when fresh enough. */
  async sessionValid(sessionId: string): Promise<boolean> {
    const state = this.sessions.get(sessionId);
    const now = Date.now();
    if (state && (!state.valid || now - state.checkedAt < this.env.SESSION_CHECK_MS)) return state.valid;
    let pending = this.inflight.get(sessionId);
    if (!pending) {
      pending = this.check(sessionId, state).finally(() => this.inflight.delete(sessionId));
      this.inflight.set(sessionId, pending);
    }
    return pending;
  }

  /**
   * The sessions among these found no longer valid, for the sweep over every
   * open socket's session: those due for a check (as sessionValid decides) are
   * asked in requests of up to 1,000, not one each, so tens of thousands of
   * connected sessions cost accounts a few statements per SESSION_CHECK_MS. A
   * failed request changes nothing (a known session stays as it was known).
   */
  async invalidSessions(sessionIds: Iterable<string>): Promise<string[]> {
    const invalid: string[] = [];
    const due: string[] = [];
    const now = Date.now();
    for (const id of sessionIds) {
      const state = this.sessions.get(id);
      if (state && !state.valid) invalid.push(id);
      else if ((!state || now - state.checkedAt >= this.env.SESSION_CHECK_MS) && !this.inflight.has(id)) due.push(id);
    }
    for (let i = 0; i < due.length; i += VALIDATE_BATCH) {
      const batch = due.slice(i, i + VALIDATE_BATCH);
      const answer = await this.rpc.send(AccountsSubjects.ValidateSessions, { sessionIds: batch }, { timeoutMs: 2000 }).catch(() => null);
      if (!answer) continue;
      const refused = new Set(answer.invalid);
      const at = Date.now();
      for (const id of batch) {
        // A revocation event may have landed while we asked; it wins.
        if (this.sessions.get(id)?.valid === false || refused.has(id)) {
          this.sessions.set(id, { valid: false, checkedAt: at });
          invalid.push(id);
        } else {
          this.sessions.set(id, { valid: true, checkedAt: at });
        }
      }
    }
    return invalid;
  }

  private async check(sessionId: string, previous: SessionState | undefined): Promise<boolean> {
    try {
      const result = await this.rpc.send(AccountsSubjects.ValidateSession, { sessionId }, { timeoutMs: 2000 });
      // A revocation event may have landed while we asked; it wins.
      const latest = this.sessions.get(sessionId);
      if (latest && !latest.valid) return false;
      this.sessions.set(sessionId, { valid: result.valid, checkedAt: Date.now() });
      return result.valid;
    } catch (err) {
      if (
        err instanceof DomainError &&
        err.code === ErrorCode.ServiceUnavailable &&
        previous?.valid &&
        Date.now() - previous.checkedAt < STALE_GRACE_MS
      ) {
        return true;
      }
      throw err;
    }
  }
}
