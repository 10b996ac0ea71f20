import { WebSocket } from 'ws';
import { AuthService } from '../auth/auth.service';
import { Viewer } from '../auth/viewer';

/** Close codes: the contract's 4401 for auth; 4429 past the per-user connection limit. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_TOO_MANY = 4429;

/**
 * The open sockets of signed-in users: counted per user (at most
 * WS_MAX_CONNECTIONS_PER_USER each) and grouped per session, so that a
 * revoked session closes its sockets with 4401 at once (the revocation event)
 * or within a second of its session check failing (the sweep), should the
 * event be lost.
 */
export class SocketRegistry {
  private readonly bySession = new Map<string, Set<WebSocket>>();
  private readonly byUser = new Map<string, number>();
  private readonly sweep: NodeJS.Timeout;
  private checking: Promise<void> | null = null;
  private readonly unsubscribeRevoked: () => void;

  constructor(
    private readonly auth: AuthService,
    private readonly maxPerUser: number,
    /** Told when a user's first socket opens and when their last one closes. */
    private readonly onPresence: (userId: string) => void = () => undefined,
  ) {
    this.unsubscribeRevoked = auth.onSessionRevoked((sessionId) => this.closeSession(sessionId));
    this.sweep = setInterval(() => this.checkSessions(), 1000);
    this.sweep.unref();
  }

  /** Counts an open socket of a signed-in viewer; false (and the socket closed with 4429) past the viewer's limit. */
  add(viewer: Viewer, socket: WebSocket): boolean {
    const count = this.byUser.get(viewer.userId) ?? 0;
    if (count >= this.maxPerUser) {
      socket.close(CLOSE_TOO_MANY, 'Too many connections');
      return false;
    }
    this.byUser.set(viewer.userId, count + 1);
    if (!count) this.onPresence(viewer.userId);
    let sockets = this.bySession.get(viewer.sessionId);
    if (!sockets) this.bySession.set(viewer.sessionId, (sockets = new Set()));
    sockets.add(socket);
    return true;
  }

  remove(viewer: Viewer, socket: WebSocket): void {
    const left = (this.byUser.get(viewer.userId) ?? 1) - 1;
    if (left > 0) this.byUser.set(viewer.userId, left);
    else if (this.byUser.delete(viewer.userId)) this.onPresence(viewer.userId);
    const sockets = this.bySession.get(viewer.sessionId);
    sockets?.delete(socket);
    if (sockets && !sockets.size) this.bySession.delete(viewer.sessionId);
  }

  /** Users with at least one open socket here. */
  users(): IterableIterator<string> {
    return this.byUser.keys();
  }

  hasUser(userId: string): boolean {
    return this.byUser.has(userId);
  }

  close(): void {
    clearInterval(this.sweep);
    this.unsubscribeRevoked();
  }

  private checkSessions(): void {
    // One sweep at a time: a slow answer must not pile sweeps up.
    if (this.checking || !this.bySession.size) return;
    this.checking = this.auth
      .invalidSessions(this.bySession.keys())
      .then(
        (invalid) => invalid.forEach((sessionId) => this.closeSession(sessionId)),
        () => undefined,
      )
      .finally(() => (this.checking = null));
  }

  private closeSession(sessionId: string): void {
    for (const socket of this.bySession.get(sessionId) ?? []) socket.close(CLOSE_UNAUTHORIZED, 'Session revoked');
  }
}
