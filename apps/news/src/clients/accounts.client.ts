import { Injectable } from '@nestjs/common';
import { RpcClient } from '@app/common';
import { AccountsSubjects, UserView } from '@app/contracts';

/** What news asks of accounts: whether a user exists, and their name for a signed post. */
@Injectable()
export class AccountsClient {
  constructor(private readonly rpc: RpcClient) {}

  /** The user as viewerId may see them, or null when there is no such user. */
  user(viewerId: string, id: string): Promise<UserView | null> {
    return this.rpc.send(AccountsSubjects.GetUser, { viewerId, id });
  }
}
