import { ApiError, NetworkError } from './errors';

/**
 * Tokens in localStorage, shared by every tab. Refresh tokens rotate and a
 * spent one used again revokes the session, so only one refresh may run at a
 * time across tabs: a Web Lock serialises them, and whoever gets the lock
 * second finds the tokens already rotated and uses them.
 */
export interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  userId: string;
  /** When these tokens arrived (ms): the token's lifetime decides how early to refresh. */
  receivedAt?: number;
}

const KEY = 'superapp.auth';
const REFRESH_EARLY_MS = 60_000;

/** A minute before expiry, or a quarter of the lifetime for short-lived tokens. */
function refreshAt(t: Tokens): number {
  const expires = new Date(t.accessTokenExpiresAt).getTime();
  const lifetime = expires - (t.receivedAt ?? expires - 4 * REFRESH_EARLY_MS);
  return expires - Math.min(REFRESH_EARLY_MS, lifetime / 4);
}

interface RefreshedSession {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  user: { id: string };
}
const REFRESH = `mutation Refresh($t: String!) { refreshSession(refreshToken: $t) { accessToken accessTokenExpiresAt refreshToken user { id } } }`;

function load(): Tokens | null {
  try {
    const t = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return t && typeof t.accessToken === 'string' && typeof t.refreshToken === 'string' ? t : null;
  } catch {
    return null;
  }
}

class AuthStore {
  private tokens = load();
  private listeners = new Set<() => void>();
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    // Another tab signed in, refreshed or signed out.
    window.addEventListener('storage', (e) => {
      if (e.key !== KEY) return;
      const before = this.tokens?.userId;
      this.tokens = load();
      this.schedule();
      if (before !== this.tokens?.userId) this.emit();
    });
    this.schedule();
  }

  get userId(): string | null {
    return this.tokens?.userId ?? null;
  }

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };

  getSnapshot = () => this.tokens?.userId ?? null;

  private emit() {
    this.listeners.forEach((l) => l());
  }

  set(tokens: Tokens | null): void {
    if (tokens) tokens = { ...tokens, receivedAt: tokens.receivedAt ?? Date.now() };
    this.tokens = tokens;
    if (tokens) localStorage.setItem(KEY, JSON.stringify(tokens));
    else localStorage.removeItem(KEY);
    this.schedule();
    this.emit();
  }

  /** Forget this session locally (after sign-out, revocation or a failed refresh). */
  clear(): void {
    if (this.tokens) this.set(null);
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken(): Promise<string | null> {
    if (!this.tokens) return null;
    if (Date.now() >= refreshAt(this.tokens)) {
      await this.refresh().catch((err) => {
        if (!(err instanceof NetworkError)) throw err;
      });
    }
    return this.tokens?.accessToken ?? null;
  }

  /** Rotates the tokens; on a refused refresh token the session is over and we sign out locally. */
  refresh(): Promise<void> {
    if (!this.tokens) return Promise.resolve();
    const seen = this.tokens.refreshToken;
    this.inFlight ??= this.withLock(() => this.rotate(seen)).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private withLock(fn: () => Promise<void>): Promise<void> {
    return navigator.locks ? navigator.locks.request('superapp.refresh', () => fn()).then(() => undefined) : fn();
  }

  private async rotate(seen: string): Promise<void> {
    const current = load();
    if (!current) return this.clear();
    if (current.refreshToken !== seen) {
      this.tokens = current; // another tab rotated while we waited for the lock
      this.schedule();
      return;
    }
    let body: { data?: { refreshSession: RefreshedSession }; errors?: { extensions?: { code?: string }; message: string }[] };
    try {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'superapp-web' },
        body: JSON.stringify({ query: REFRESH, variables: { t: seen } }),
      });
      body = await res.json();
    } catch {
      throw new NetworkError();
    }
    const err = body.errors?.[0];
    if (err) {
      const code = err.extensions?.code ?? 'INTERNAL';
      if (code === 'UNAUTHENTICATED' || code === 'BAD_USER_INPUT') this.clear();
      throw new ApiError(err.message, code);
    }
    const p = body.data!.refreshSession;
    this.set({ accessToken: p.accessToken, accessTokenExpiresAt: p.accessTokenExpiresAt, refreshToken: p.refreshToken, userId: p.user.id });
  }

  private schedule() {
    clearTimeout(this.timer);
    if (!this.tokens) return;
    const due = refreshAt(this.tokens) - Date.now();
    // Jittered so that tabs sharing the tokens do not all wake at once.
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), Math.max(due, 0) + Math.random() * 5000);
  }
}

export const auth = new AuthStore();
