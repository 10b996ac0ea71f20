import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * What a test did not type in a response: tests read results field by field
 * (`res.data.me.id`) and their assertions check the shapes, so naming a type
 * for each of hundreds of operations would add nothing.
 */
export type UntypedData = any;

export interface GqlResult<T = UntypedData> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, UntypedData> }>;
  headers: Headers;
}

/** POSTs one operation to the gateway, as a client would. */
export async function gql<T = UntypedData>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GqlResult<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // Mutations over HTTP need it (see apps/gateway/src/http/edge.ts); queries do not mind it.
      'x-requested-with': 'test',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GqlResult['errors'] };
  return { status: res.status, data: body.data, errors: body.errors, headers: res.headers };
}

/** The code of an error result, or undefined. */
export function errorCode(result: { errors?: GqlResult['errors'] }): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}

/** How a client's first connection ended up: acknowledged, or the close code if it closed first. */
const firstOutcomes = new WeakMap<Client, Promise<'connected' | number>>();

/**
 * The first outcome of a client made by wsClient, recorded from the moment it
 * was made: a listener added later would miss a connection acknowledged
 * before it (wsClient connects at once), and wait forever.
 */
export function firstOutcome(client: Client): Promise<'connected' | number> | undefined {
  return firstOutcomes.get(client);
}

/** A graphql-ws client on the gateway; `closed` resolves with the close code. */
export function wsClient(url: string, token?: string | null, options: { retryAttempts?: number } = {}) {
  let resolveClosed!: (code: number) => void;
  const closed = new Promise<number>((resolve) => (resolveClosed = resolve));
  let resolveOutcome!: (outcome: 'connected' | number) => void;
  const outcome = new Promise<'connected' | number>((resolve) => (resolveOutcome = resolve));
  const client: Client = createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: token === null ? undefined : { authorization: token ? `Bearer ${token}` : undefined },
    retryAttempts: options.retryAttempts ?? 0,
    lazy: false,
    on: {
      connected: () => resolveOutcome('connected'),
      closed: (event) => {
        resolveOutcome((event as { code: number }).code);
        resolveClosed((event as { code: number }).code);
      },
    },
  });
  firstOutcomes.set(client, outcome);
  const request = <T = UntypedData>(query: string, variables?: Record<string, unknown>) =>
    new Promise<{ data?: T; errors?: GqlResult['errors'] }>((resolve, reject) => {
      let result: { data?: T; errors?: GqlResult['errors'] } = {};
      client.subscribe<T>(
        { query, variables },
        {
          next: (value) => (result = value as typeof result),
          error: (err) => (Array.isArray(err) ? resolve({ errors: err as GqlResult['errors'] }) : reject(err)),
          complete: () => resolve(result),
        },
      );
    });
  return { client, closed, request };
}
