import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'pino';
import { RpcClient } from '@app/common';
import { GatewayEnv } from '../config/gateway.env';
import { GqlContext } from './context';
import { depthLimit } from './depth-limit';
import { mercuriusErrorFormatter, rootFieldsOf } from './http';
import { Loaders } from './loaders';
import { GatewayRequest } from './request';

/**
 * Mercurius with graphql-jit: measured here (bench/graphql-driver) at several
 * times Apollo's throughput on our response shapes. Subscriptions are not
 * Mercurius's: graphql-ws serves the WebSocket (see ws/), so auth and close
 * codes follow the contract exactly.
 */
export function graphqlConfig(env: GatewayEnv, logger: Logger, rpc: RpcClient): MercuriusDriverConfig {
  return {
    driver: MercuriusDriver,
    autoSchemaFile: true,
    sortSchema: false,
    path: '/graphql',
    graphiql: false,
    jit: 1,
    subscription: false,
    validationRules: [depthLimit(env.MAX_QUERY_DEPTH)],
    context: (request: FastifyRequest): GqlContext => {
      const req = request as GatewayRequest;
      return {
        viewer: req.viewer ?? null,
        authError: req.authError,
        address: request.ip,
        transport: 'http',
        loaders: new Loaders(rpc, req.viewer?.userId ?? null),
      };
    },
    errorFormatter: mercuriusErrorFormatter(logger) as unknown as MercuriusDriverConfig['errorFormatter'],
    hooks: {
      preExecution: async (_schema, document, context) => {
        const reply = (context as { reply?: FastifyReply }).reply;
        if (reply) (reply.request as GatewayRequest).operation = rootFieldsOf(document);
      },
      onResolution: async (execution, context) => {
        const reply = (context as { reply?: FastifyReply }).reply;
        if (reply) (reply.request as GatewayRequest).outcome = execution.errors?.length ? 'error' : 'ok';
      },
    },
  };
}
