import { FastifyRequest } from 'fastify';
import { DomainError } from '@app/common';
import { Viewer } from '../auth/viewer';

/** What the gateway's hooks attach to a request before GraphQL runs. */
export interface GatewayRequest extends FastifyRequest {
  correlationId?: string;
  viewer?: Viewer | null;
  authError?: DomainError;
  operation?: string;
  outcome?: 'ok' | 'error';
  startedAt?: bigint;
}
