import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { AddressInfo } from 'node:net';
import {
  BLOB_STORE,
  CompiledValidationPipe,
  createLogger,
  createValidationPipe,
  LOGGER,
  NATS_CONNECTION,
  PinoLoggerService,
  resolveJwtSecret,
  RpcClient,
} from '@app/common';
import { downloadRoutes } from './media/download.routes';
import { MediaUrls } from './media/media-urls';
import { uploadRoutes } from './media/upload.routes';
import { GatewayModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { GatewayEnv } from './config/gateway.env';
import { addCorrelationIds } from './http/correlation';
import { corsOptions, guardEdge } from './http/edge';
import { graphqlOverHttp } from './http/graphql-http';
import { OperationPipeline } from './pipeline/operation-pipeline';
import { attachWebSocket } from './ws/ws-server';
import { serveWebApp } from './web-app/web-app';

export interface RunningGateway {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * Builds and starts the gateway: GraphQL over HTTP and over WebSocket on
 * /graphql, both through one operation pipeline (see pipeline/), health and
 * metrics, and the web app's files.
 */
export async function startGateway(env: GatewayEnv): Promise<RunningGateway> {
  // A missing or weak JWT_SECRET stops the start before anything connects (AuthService reads it again).
  resolveJwtSecret(env);
  const logger = createLogger('gateway', env.LOG_LEVEL, env.LOG_FILE);
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.trustProxy,
    // On shutdown, idle keep-alive connections are closed at once instead of waiting out their timeout.
    forceCloseConnections: 'idle',
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(env), adapter, {
    logger: new PinoLoggerService(logger),
  });
  app.useGlobalPipes(new CompiledValidationPipe(createValidationPipe()));
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  addCorrelationIds(fastify);
  guardEdge(fastify, env);
  if (env.corsOrigins.length) app.enableCors(corsOptions(env));
  // The web app's files at / (WEB_DIST_DIR, default apps/web/dist); the API routes take precedence.
  await serveWebApp(app, env.WEB_DIST_DIR, logger);
  await app.init();

  const schema = app.get(GraphQLSchemaHost).schema;
  const auth = app.get(AuthService);
  const pipeline = new OperationPipeline(schema, env, auth, app.get(RpcClient), app.get(LOGGER), app.get(NATS_CONNECTION));
  await fastify.register(graphqlOverHttp(pipeline));
  const urls = app.get(MediaUrls);
  const media = { rpc: app.get(RpcClient), store: app.get(BLOB_STORE), urls };
  await fastify.register(uploadRoutes(media));
  await fastify.register(downloadRoutes(media));
  const ws = attachWebSocket({ server: app.getHttpServer(), schema, env, auth, pipeline, rpc: app.get(RpcClient), logger });
  await app.listen(env.PORT, env.HOST);
  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://${env.HOST}:${address.port}`;
  urls.origin = env.PUBLIC_URL.replace(/\/$/, '') || url;
  logger.info({ url }, `gateway listening on ${url}/graphql`);
  return {
    app,
    url,
    close: async () => {
      await ws.close();
      pipeline.close();
      await app.close();
    },
  };
}
