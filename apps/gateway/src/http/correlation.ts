import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestContext } from '@app/common';
import { GatewayRequest } from './gateway-request';

const CORRELATION_ID = /^[\w.:-]{8,128}$/;

/**
 * Every HTTP response carries `x-correlation-id`: the client's own when it is
 * a sane one, else a new one, and the request's log lines carry it too.
 * GraphQL requests enter the request context in the pipeline, once their
 * caller is known (see graphql-http.ts).
 */
export function addCorrelationIds(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const req = request as GatewayRequest;
    const given = request.headers['x-correlation-id'];
    req.correlationId = typeof given === 'string' && CORRELATION_ID.test(given) ? given : requestContext.newId();
    req.startedAt = process.hrtime.bigint();
    reply.header('x-correlation-id', req.correlationId);
    done();
  });
  fastify.addHook('preHandler', (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    if (request.url.startsWith('/graphql')) return done();
    requestContext.run({ correlationId: (request as GatewayRequest).correlationId! }, done);
  });
}
