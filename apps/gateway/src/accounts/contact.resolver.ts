import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { AccountsSubjects, ContactPage } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { ContactsArgs, DeleteContactsArgs, ImportContactsInput } from './accounts.inputs';
import { ContactConnectionModel, ContactModel, ImportContactsPayloadModel } from './contact.model';

function toConnection(page: ContactPage): ContactConnectionModel {
  return {
    edges: page.edges,
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: false, startCursor: null, endCursor: page.endCursor },
  };
}

@Resolver(() => ContactModel)
export class ContactResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => ContactConnectionModel, { description: 'The uploaded contacts that are users the viewer may find, by name.' })
  async contacts(@CurrentViewer() viewer: Viewer, @Args() args: ContactsArgs) {
    return toConnection(
      await this.rpc.send(AccountsSubjects.ListContacts, { viewerId: viewer.userId, first: args.first ?? 50, after: args.after }),
    );
  }

  @Mutation(() => ImportContactsPayloadModel, {
    description:
      'Uploads address-book entries (up to 1000 per call; upload a larger book in pieces) and answers which are users the viewer may find. Idempotent: the same entries again change nothing and count nothing. Numbers never looked up before count toward a daily limit (RATE_LIMITED with retryAfter; nothing of a refused call is stored).',
  })
  importContacts(@CurrentViewer() viewer: Viewer, @Args('input') input: ImportContactsInput) {
    return this.rpc.send(AccountsSubjects.ImportContacts, { viewerId: viewer.userId, contacts: input.contacts });
  }

  @Mutation(() => Int, {
    description: 'Deletes the uploaded numbers given (any form), or with phones null every uploaded contact; answers how many.',
  })
  deleteContacts(@CurrentViewer() viewer: Viewer, @Args() args: DeleteContactsArgs) {
    return this.rpc.send(AccountsSubjects.DeleteContacts, { viewerId: viewer.userId, phones: args.phones ?? null });
  }
}
