/** Raw HTTP helpers for the gateway e2e files (not a test file itself). */

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

export interface HttpResult {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}

/** One raw HTTP exchange with a gateway, for what platform.gql does not let a test choose (method, headers, body). */
export async function http(
  url: string,
  init: { method?: string; query?: Record<string, string>; body?: string; headers?: Record<string, string>; token?: string } = {},
): Promise<HttpResult> {
  const target = new URL(`${url}/graphql`);
  for (const [k, v] of Object.entries(init.query ?? {})) target.searchParams.set(k, v);
  const res = await fetch(target, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json', 'x-requested-with': 'test' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

export const post = (url: string, query: string, opts: { token?: string; accept?: string; variables?: unknown } = {}) =>
  http(url, {
    body: JSON.stringify({ query, variables: opts.variables }),
    token: opts.token,
    headers: opts.accept ? { accept: opts.accept } : {},
  });
