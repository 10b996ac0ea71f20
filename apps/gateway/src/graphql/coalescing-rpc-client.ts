import { RequestContext, requestContext, RpcClient } from '@app/common';
import { RequestOf, ResponseOf, Subject } from '@app/contracts';

const scopes = new WeakMap<RequestContext, Map<string, Promise<unknown>>>();

/** From now on, identical requests made within this operation's scope share one round trip. */
export function coalesceWithin(scope: RequestContext): void {
  scopes.set(scope, new Map());
}

/**
 * The gateway's RpcClient: within a query (see OperationPipeline.execute),
 * requests with the same subject and payload share one NATS round trip, so
 * `{ a0: me { id } … a99: me { id } }` asks accounts once. Mutations are
 * never coalesced (each one is its own request, in order, as GraphQL runs
 * them). Users and other entities are batched by the loaders (graphql/loaders.ts).
 */
export class CoalescingRpcClient extends RpcClient {
  override send<S extends Subject>(subject: S, payload: RequestOf<S>, opts: { timeoutMs?: number } = {}): Promise<ResponseOf<S>> {
    const scope = requestContext.get();
    const calls = scope && scopes.get(scope);
    if (!calls) return super.send(subject, payload, opts);
    const key = `${subject}\n${JSON.stringify(payload)}`;
    let call = calls.get(key) as Promise<ResponseOf<S>> | undefined;
    if (!call) calls.set(key, (call = super.send(subject, payload, opts)));
    return call;
  }
}
