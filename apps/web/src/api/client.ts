import type { TypedDocumentString } from '../gql/graphql';
import { auth } from './auth';
import { ApiError, NetworkError } from './errors';
import { live } from './live';

export type Vars<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];

/**
 * Runs one typed operation over HTTP. An UNAUTHENTICATED answer refreshes the
 * tokens once and tries again; a lost connection is a NetworkError, which
 * callers with a clientId or idempotency key retry as they see fit.
 */
export async function request<R, V>(doc: TypedDocumentString<R, V>, ...[variables]: Vars<V>): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    const token = await auth.accessToken();
    let res: Response;
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          // The gateway takes mutations only with this header, which no other site may make a browser send.
          'x-requested-with': 'superapp-web',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query: doc.toString(), variables }),
      });
    } catch {
      throw new NetworkError();
    }
    if (res.status === 502 || res.status === 503 || res.status === 504) throw new NetworkError(`HTTP ${res.status}`);
    live.nudge();
    let body: { data?: R; errors?: { message: string; extensions?: ApiError['extensions'] & { code?: string } }[] };
    try {
      body = await res.json();
    } catch {
      throw new NetworkError('bad response');
    }
    const err = body.errors?.[0];
    if (err) {
      const code = err.extensions?.code ?? 'INTERNAL';
      if (code === 'UNAUTHENTICATED' && token && attempt === 0) {
        await auth.refresh();
        continue;
      }
      if (code === 'UNAUTHENTICATED' && token) auth.clear();
      throw new ApiError(err.message, code, err.extensions ?? {});
    }
    return body.data as R;
  }
}
