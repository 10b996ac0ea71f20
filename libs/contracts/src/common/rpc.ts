/** Ties a subject to its request and response payload types. */
export interface Rpc<Req, Res> {
  request: Req;
  response: Res;
}

/** NATS header carrying the correlation id across every hop. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** Every service answers `<service>.health.check.v1`. */
export interface HealthCheckResponse {
  service: string;
  ok: boolean;
  checks: Record<string, boolean>;
}

/** Timestamps cross NATS as ISO-8601 strings. */
export type IsoDate = string;

/** Where a page of a Relay connection sits, as every service answers it (the contract's PageInfo). */
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
