import { Injectable } from '@nestjs/common';
import { DomainError, RpcClient } from '@app/common';
import { AccountsSubjects, CheckBlockResponse, UserView } from '@app/contracts';
import { MessagingEnv } from '../config/messaging.env';

/** What messaging asks of accounts: who exists (and their names), and who blocked whom. */
@Injectable()
export class AccountsClient {
  /** pair key → when "neither blocked the other" was last confirmed. */
  private readonly clear = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<CheckBlockResponse>>();

  constructor(
    private readonly rpc: RpcClient,
    private readonly env: MessagingEnv,
  ) {
    setInterval(() => {
      const cutoff = Date.now() - this.env.BLOCK_CACHE_MS;
      for (const [key, at] of this.clear) if (at < cutoff) this.clear.delete(key);
    }, 60_000).unref();
  }

  /** The users among ids that exist, as viewerId may see them. */
  async users(viewerId: string, ids: string[]): Promise<Map<string, UserView>> {
    if (!ids.length) return new Map();
    const found = await this.rpc.send(AccountsSubjects.GetUsers, { viewerId, ids: [...new Set(ids)] });
    return new Map(found.map((u) => [u.id, u]));
  }

  /** The users with these usernames (lower-cased), for mentions. */
  async byUsernames(viewerId: string, usernames: string[]): Promise<UserView[]> {
    if (!usernames.length) return [];
    return this.rpc.send(AccountsSubjects.GetUsersByUsername, { viewerId, usernames: [...new Set(usernames)].slice(0, 100) });
  }

  /** Throws NOT_FOUND naming the first id that is not a user. */
  async requireUsers(viewerId: string, ids: string[], field: string): Promise<Map<string, UserView>> {
    const found = await this.users(viewerId, ids);
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw DomainError.notFound(`No such user (${field})`);
    return found;
  }

  /**
   * FORBIDDEN when either user blocked the other. Concurrent checks by the
   * same caller share one request (measured: the sends in flight on a pair
   * all missed the cache at once when it expired).
   */
  async assertNotBlocked(viewerId: string, otherId: string): Promise<void> {
    const pair = viewerId < otherId ? `${viewerId}:${otherId}` : `${otherId}:${viewerId}`;
    const at = this.clear.get(pair);
    if (at !== undefined && Date.now() - at < this.env.BLOCK_CACHE_MS) return;
    const asked = `${viewerId}>${otherId}`;
    let pending = this.inflight.get(asked);
    if (!pending) {
      pending = this.rpc.send(AccountsSubjects.CheckBlock, { userId: viewerId, otherId }).finally(() => this.inflight.delete(asked));
      this.inflight.set(asked, pending);
    }
    const { blocked, blockedBy } = await pending;
    if (blocked) throw DomainError.forbidden('You have blocked this user; unblock them first');
    if (blockedBy) throw DomainError.forbidden('This user does not accept messages from you');
    if (this.env.BLOCK_CACHE_MS > 0) this.clear.set(pair, Date.now());
  }

  /**
   * FORBIDDEN when any of these users has blocked viewerId: someone who blocked
   * you cannot be put into a group by you, as they cannot be messaged by you.
   * (Blocking someone yourself does not stop you adding them.) Asked fresh,
   * in one request for the whole list: adding people is rare, and a block
   * must count at once.
   */
  async assertNoneBlocked(viewerId: string, otherIds: string[], names: Map<string, UserView>): Promise<void> {
    const others = otherIds.filter((id) => id !== viewerId);
    if (!others.length) return;
    const { blockedBy } = await this.rpc.send(AccountsSubjects.BlockedBy, { userId: viewerId, otherIds: others });
    if (blockedBy.length) {
      const who = blockedBy.map((id) => names.get(id)?.displayName ?? id).join('، ');
      throw DomainError.forbidden(`You cannot add ${who}: they do not accept messages from you`);
    }
  }
}
