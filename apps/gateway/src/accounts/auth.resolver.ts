import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { AccountsSubjects } from '@app/contracts';
import { Public } from '../auth/public.decorator';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { GqlContext } from '../graphql/context';
import { SignInInput } from './accounts.inputs';
import { AuthPayloadModel, LoginCodeSentModel } from './auth-payload.model';
import { SessionModel } from './session.model';

@Resolver()
export class AuthResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Public()
  @Mutation(() => LoginCodeSentModel, { description: 'Sends a one-time code by SMS. Rate limited per number and per client address.' })
  requestLoginCode(@Args('phone', { type: () => String }) phone: string, @Context() ctx: GqlContext) {
    return this.rpc.send(AccountsSubjects.RequestCode, { phone, address: ctx.address });
  }

  @Public()
  @Mutation(() => AuthPayloadModel)
  signIn(@Args('input') input: SignInInput, @Context() ctx: GqlContext) {
    return this.rpc.send(AccountsSubjects.SignIn, { ...input, address: ctx.address });
  }

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Rotates: the refresh token given is spent, and using it again revokes the session.' })
  refreshSession(@Args('refreshToken', { type: () => String }) refreshToken: string) {
    return this.rpc.send(AccountsSubjects.RefreshSession, { refreshToken });
  }

  @Mutation(() => Boolean)
  signOut(@CurrentViewer() viewer: Viewer) {
    return this.rpc.send(AccountsSubjects.RevokeSession, { viewerId: viewer.userId, sessionId: viewer.sessionId });
  }

  @Mutation(() => Boolean)
  revokeSession(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string) {
    return this.rpc.send(AccountsSubjects.RevokeSession, { viewerId: viewer.userId, sessionId: id });
  }

  @Query(() => [SessionModel])
  sessions(@CurrentViewer() viewer: Viewer) {
    return this.rpc.send(AccountsSubjects.ListSessions, { viewerId: viewer.userId, currentSessionId: viewer.sessionId });
  }
}
