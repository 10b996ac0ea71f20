import { NetworkError } from './errors';

/**
 * The session in the browser. The refresh token lives in an HttpOnly,
 * Secure, SameSite=Strict cookie scoped to /auth (the gateway's
 * refresh-cookie controller), out of reach of any script; the access token
 * lives in this page's memory only; localStorage keeps just who is signed in,
 * so that every tab knows. Refresh tokens rotate and a spent one used again
 * revokes the session, so refreshes take a Web Lock across tabs: each sends
 * the cookie the browser holds at that moment, which is always the newest.
 */
interface Access {
  token: string;
  expiresAt: number;
  receivedAt: number;
}

const KEY = 'superapp.session';
/** Before the cookie: tokens in localStorage. A refresh token found there is moved into the cookie once. */
const OLD_KEY = 'superapp.auth';
const REFRESH_EARLY_MS = 60_000;

/** A minute before expiry, or a quarter of the lifetime for short-lived tokens. */
function refreshAt(a: Access): number {
  return a.expiresAt - Math.min(REFRESH_EARLY_MS, (a.expiresAt - a.receivedAt) / 4);
}

function storedUser(): string | null {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { userId?: unknown } | null;
    return typeof v?.userId === 'string' ? v.userId : null;
  } catch {
    return null;
  }
}

/** The refresh token an older version of the app left in localStorage, taken out of it. */
function takeOldRefreshToken(): { refreshToken: string; userId: string } | null {
  const raw = localStorage.getItem(OLD_KEY);
  if (!raw) return null;
  localStorage.removeItem(OLD_KEY);
  try {
    const t = JSON.parse(raw) as { refreshToken?: unknown; userId?: unknown };
    return typeof t.refreshToken === 'string' && typeof t.userId === 'string' ? { refreshToken: t.refreshToken, userId: t.userId } : null;
  } catch {
    return null;
  }
}

class AuthStore {
  private user = storedUser();
  private access: Access | null = null;
  private listeners = new Set<() => void>();
  /** Counts sessions ended here: an exchange that began before the last clear() is ignored. */
  private epoch = 0;
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private old = takeOldRefreshToken();

  constructor() {
    if (this.old && !this.user) this.setUser(this.old.userId);
    // Another tab signed in or out.
    window.addEventListener('storage', (e) => {
      if (e.key !== KEY) return;
      const before = this.user;
      this.user = storedUser();
      if (before !== this.user) {
        this.access = null;
        this.emit();
      }
    });
  }

  get userId(): string | null {
    return this.user;
  }

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };

  getSnapshot = () => this.user;

  private emit() {
    this.listeners.forEach((l) => l());
  }

  private setUser(userId: string | null) {
    this.user = userId;
    if (userId) localStorage.setItem(KEY, JSON.stringify({ userId }));
    else localStorage.removeItem(KEY);
  }

  /**
   * After signIn: the answer's refresh token goes to the cookie at once (it
   * is rotated there, so the one this script saw is spent).
   */
  async signedIn(refreshToken: string): Promise<void> {
    await this.exchange({ refreshToken });
    this.emit();
  }

  /** Forget this session here (after sign-out, revocation or a refused refresh); the cookie is dropped too. */
  clear(): void {
    this.epoch++;
    clearTimeout(this.timer);
    this.access = null;
    void fetch('/auth/signout', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'superapp-web' },
      body: '{}',
    }).catch(() => undefined);
    const had = this.user;
    this.setUser(null); // always: what another tab or an earlier answer left behind goes too
    if (had) this.emit();
  }

  /** A valid access token, refreshed first when there is none yet (a reload) or it is about to expire. */
  async accessToken(): Promise<string | null> {
    if (!this.user) return null;
    if (!this.access || Date.now() >= refreshAt(this.access)) {
      await this.refresh().catch((err) => {
        if (!(err instanceof NetworkError)) throw err;
      });
    }
    return this.access?.token ?? null;
  }

  /** Rotates the cookie's refresh token for a new access token; a refused one ends the session here. */
  refresh(): Promise<void> {
    if (!this.user) return Promise.resolve();
    // Taken now: the lock may be granted after a sign-out, whose clear() this refresh must not undo.
    const epoch = this.epoch;
    this.inFlight ??= this.withLock(() => {
      const old = this.old;
      this.old = null;
      return this.exchange(old ? { refreshToken: old.refreshToken } : {}, epoch);
    }).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private withLock(fn: () => Promise<void>): Promise<void> {
    return navigator.locks ? navigator.locks.request('superapp.refresh', () => fn()).then(() => undefined) : fn();
  }

  private async exchange(body: { refreshToken?: string }, epoch = this.epoch): Promise<void> {
    // A refresh asked for before the session ended here (sign-out) must not bring it back.
    if (epoch !== this.epoch) return;
    let res: Response;
    try {
      res = await fetch('/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'superapp-web' },
        body: JSON.stringify(body),
      });
    } catch {
      throw new NetworkError();
    }
    if (epoch !== this.epoch) return;
    if (res.status === 401) return this.clear();
    if (!res.ok) throw new NetworkError(`HTTP ${res.status}`);
    const p = (await res.json()) as { accessToken: string; accessTokenExpiresAt: string; userId: string };
    if (epoch !== this.epoch) return;
    this.access = { token: p.accessToken, expiresAt: new Date(p.accessTokenExpiresAt).getTime(), receivedAt: Date.now() };
    if (this.user !== p.userId) this.setUser(p.userId);
    this.schedule();
  }

  private schedule() {
    clearTimeout(this.timer);
    if (!this.access) return;
    const due = refreshAt(this.access) - Date.now();
    // Jittered so that tabs sharing the cookie do not all wake at once.
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), Math.max(due, 0) + Math.random() * 5000);
  }
}

export const auth = new AuthStore();
