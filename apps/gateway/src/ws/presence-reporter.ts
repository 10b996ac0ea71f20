import { randomUUID } from 'node:crypto';
import { RpcClient } from '@app/common';
import { AccountsSubjects } from '@app/contracts';

/**
 * Tells accounts who is online on this gateway copy: a user whose first
 * socket opens here, a user whose last socket here closed (accounts writes
 * their last seen then), and every renewal period everyone still connected,
 * so that a copy that dies is forgotten once its reports stop. Reports go one
 * at a time, so an open and a close of the same user cannot arrive reversed;
 * a report that fails is folded into the next.
 */
export class PresenceReporter {
  private readonly gatewayId = randomUUID();
  private readonly changed = new Set<string>();
  private sending: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly rpc: RpcClient,
    private readonly connected: () => Iterable<string>,
    private readonly isOnline: (userId: string) => boolean,
    private readonly renewSeconds: number,
  ) {
    this.timer = setInterval(() => void this.flush(true), renewSeconds * 1000);
    this.timer.unref();
  }

  /** The user's first socket here opened, or their last one closed. */
  change(userId: string): void {
    this.changed.add(userId);
    void this.flush(false);
  }

  private async flush(renew: boolean): Promise<void> {
    while (this.sending) await this.sending;
    const users = renew ? new Set([...this.changed, ...this.connected()]) : new Set(this.changed);
    this.changed.clear();
    if (!users.size) return;
    const online = [...users].filter((u) => this.isOnline(u));
    const offline = [...users].filter((u) => !this.isOnline(u));
    this.sending = this.rpc
      .send(AccountsSubjects.ReportPresence, { gatewayId: this.gatewayId, online, offline, ttlSeconds: this.renewSeconds * 3 })
      .then(
        () => undefined,
        () => users.forEach((u) => this.changed.add(u)),
      )
      .finally(() => (this.sending = null));
    await this.sending;
  }

  /** Shutting down: everyone here goes offline now rather than when the rows expire. */
  async close(offline: Iterable<string>): Promise<void> {
    clearInterval(this.timer);
    while (this.sending) await this.sending;
    const users = [...new Set([...offline, ...this.changed])];
    if (!users.length) return;
    await this.rpc
      .send(AccountsSubjects.ReportPresence, { gatewayId: this.gatewayId, online: [], offline: users, ttlSeconds: this.renewSeconds * 3 })
      .catch(() => undefined);
  }
}
