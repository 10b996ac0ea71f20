import { FastifyRequest } from 'fastify';

/** What the gateway's HTTP hooks and its GraphQL routes note on a request, for its response header and metrics. */
export interface GatewayRequest extends FastifyRequest {
  correlationId?: string;
  /** The operation's root fields (the metrics label), once it was found valid. */
  operation?: string;
  outcome?: 'ok' | 'error';
  startedAt?: bigint;
}
