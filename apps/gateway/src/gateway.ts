import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AddressInfo } from 'node:net';
import { createLogger, createValidationPipe, DomainError, PinoLoggerService, requestContext, RpcClient } from '@app/common';
import { GatewayModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { GatewayEnv } from './config/gateway.env';
import { acceptsGraphQLResponseJson, GRAPHQL_RESPONSE_JSON } from './graphql/http';
import { GatewayRequest } from './graphql/request';
import { RateLimiter } from './limits/rate-limiter';
import { metrics } from './metrics/metrics.service';
import { attachWebSocket } from './ws/ws-server';
import { serveWebApp } from './web-app/web-app';
import { contractCode } from './graphql/error-codes';
import { ErrorCode } from '@app/contracts';

export interface RunningGateway {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

const CORRELATION_ID = /^[\w.:-]{8,128}$/;

/**
 * Builds and starts the gateway: GraphQL over HTTP (Mercurius) and over
 * WebSocket (graphql-ws) on /graphql, health and metrics. Per request, before
 * GraphQL runs: a correlation id, the viewer from the access token, and the
 * per-address and per-user rate limits.
 */
export async function startGateway(env: GatewayEnv): Promise<RunningGateway> {
  const logger = createLogger('gateway', env.LOG_LEVEL);
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    // On shutdown, idle keep-alive connections are closed at once instead of waiting out their timeout.
    forceCloseConnections: 'idle',
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(env), adapter, {
    logger: new PinoLoggerService(logger),
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const auth = app.get(AuthService);
  const addressLimiter = new RateLimiter(env.RATE_LIMIT_ADDRESS_PER_SECOND, env.RATE_LIMIT_ADDRESS_BURST);
  const userLimiter = new RateLimiter(env.RATE_LIMIT_USER_PER_SECOND, env.RATE_LIMIT_USER_BURST);
  const fastify = app.getHttpAdapter().getInstance();

  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const req = request as GatewayRequest;
    const given = request.headers['x-correlation-id'];
    req.correlationId = typeof given === 'string' && CORRELATION_ID.test(given) ? given : requestContext.newId();
    req.startedAt = process.hrtime.bigint();
    reply.header('x-correlation-id', req.correlationId);
    done();
  });

  fastify.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    const req = request as GatewayRequest;
    const run = () => requestContext.run({ correlationId: req.correlationId!, userId: req.viewer?.userId }, done);
    if (!request.url.startsWith('/graphql')) return run();
    const tooMany = (retryAfter: number) => {
      reply
        .code(429)
        .header('retry-after', String(retryAfter))
        .send({
          errors: [{ message: 'Too many requests; slow down', extensions: { code: contractCode(ErrorCode.RateLimited), retryAfter } }],
        });
    };
    const addressWait = addressLimiter.take(request.ip);
    if (addressWait) return tooMany(addressWait);
    auth.authenticate(request.headers.authorization).then(
      (viewer) => {
        req.viewer = viewer;
        const userWait = viewer ? userLimiter.take(viewer.userId) : 0;
        if (userWait) return tooMany(userWait);
        run();
      },
      (err) => {
        if (!(err instanceof DomainError)) return done(err);
        req.viewer = null;
        req.authError = err;
        run();
      },
    );
  });

  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, p: unknown) => void) => {
    if (
      request.url.startsWith('/graphql') &&
      acceptsGraphQLResponseJson(request.headers.accept) &&
      String(reply.getHeader('content-type') ?? '').startsWith('application/json')
    ) {
      reply.header('content-type', `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
    }
    done(null, payload);
  });

  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const req = request as GatewayRequest;
    if (request.url.startsWith('/graphql') && req.startedAt) {
      const operation = req.operation ?? 'unparsed';
      const seconds = Number(process.hrtime.bigint() - req.startedAt) / 1e9;
      metrics.latency.observe({ operation }, seconds);
      metrics.requests.inc({ operation, outcome: reply.statusCode >= 400 ? `http_${reply.statusCode}` : (req.outcome ?? 'ok') });
    }
    done();
  });

  // The web app's files at / (WEB_DIST_DIR, default apps/web/dist); the API routes above take precedence.
  await serveWebApp(app, env.WEB_DIST_DIR, logger);
  await app.init();
  const schema = app.get(GraphQLSchemaHost).schema;
  const ws = attachWebSocket({ server: app.getHttpServer(), schema, env, auth, rpc: app.get(RpcClient), logger, userLimiter });
  await app.listen(env.PORT, env.HOST);
  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://${env.HOST}:${address.port}`;
  logger.info({ url }, `gateway listening on ${url}/graphql`);
  return {
    app,
    url,
    close: async () => {
      await ws.close();
      addressLimiter.close();
      userLimiter.close();
      await app.close();
    },
  };
}
