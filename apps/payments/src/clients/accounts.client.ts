import { Injectable } from '@nestjs/common';
import { RpcClient } from '@app/common';
import { AccountsSubjects, CheckBlockResponse } from '@app/contracts';

const KNOWN_USERS_MAX = 100_000;

/** What payments asks of accounts: whether a recipient is a user, and who blocked whom. */
@Injectable()
export class AccountsClient {
  private readonly knownUsers = new Set<string>();

  constructor(private readonly rpc: RpcClient) {}

  /**
   * Whether userId is a user. Accounts never deletes users, so a yes is
   * remembered (a bounded set) and repeat recipients cost no round trip;
   * blocks, which do change, are asked every time.
   */
  async exists(viewerId: string, userId: string): Promise<boolean> {
    if (this.knownUsers.has(userId)) return true;
    const user = await this.rpc.send(AccountsSubjects.GetUser, { viewerId, id: userId });
    if (!user) return false;
    if (this.knownUsers.size >= KNOWN_USERS_MAX) this.knownUsers.delete(this.knownUsers.values().next().value!);
    this.knownUsers.add(userId);
    return true;
  }

  /** Whether viewerId blocked otherId (blocked) or otherId blocked viewerId (blockedBy). */
  block(viewerId: string, otherId: string): Promise<CheckBlockResponse> {
    return this.rpc.send(AccountsSubjects.CheckBlock, { userId: viewerId, otherId });
  }
}
