import { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BaseEnv } from '../config/base-env';
import { createLogger } from '../logging/logger';
import { PinoLoggerService } from '../logging/pino-logger.service';
import { createValidationPipe } from '../errors/validation';
import { RpcErrorFilter } from '../errors/rpc-exception.filter';
import { CorrelationInterceptor } from './correlation.interceptor';
import { NATS_CONNECTION } from './nats-connection';
import { MetricsInterceptor } from '../ops/metrics.interceptor';
import { startOpsServer } from '../ops/ops-server';
import { serviceMetrics } from '../ops/service-metrics';

/**
 * Creates a service as a NestJS NATS microservice. The queue group is the
 * service's name, so any number of copies share the load and each request is
 * handled once. Every payload is validated where it enters (whitelist +
 * transform), every error leaves as `{ code, message }`.
 */
export async function createService(
  name: string,
  module: Type<unknown> | DynamicModule,
  env: BaseEnv,
  logger: Logger = createLogger(name, env.LOG_LEVEL, env.LOG_FILE),
): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    transport: Transport.NATS,
    options: {
      ...env.natsOptions(name),
      queue: name,
      name: `${name}-${process.pid}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      noAsyncTraces: true,
    },
    logger: new PinoLoggerService(logger),
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new RpcErrorFilter(logger));
  app.useGlobalInterceptors(new CorrelationInterceptor(), new MetricsInterceptor(serviceMetrics(name)));
  app.enableShutdownHooks();
  return app;
}

/** main.ts of a service: create, listen, log; exit on a boot failure. */
export async function runService(name: string, module: Type<unknown> | DynamicModule, env: BaseEnv): Promise<void> {
  const logger = createLogger(name, env.LOG_LEVEL, env.LOG_FILE);
  try {
    const app = await createService(name, module, env, logger);
    await app.listen();
    logger.info({ nats: env.NATS_URL }, `${name} is listening on NATS (queue group "${name}")`);
    if (env.OPS_PORT) await serveOps(app, name, env, logger);
  } catch (err) {
    logger.fatal({ err }, `${name} failed to start`);
    process.exit(1);
  }
}

/** /healthz, /readyz and /metrics on OPS_PORT for probes and Prometheus; closed with the app. */
async function serveOps(app: INestMicroservice, name: string, env: BaseEnv, logger: Logger): Promise<void> {
  const ds = (() => {
    try {
      return app.get(DataSource, { strict: false });
    } catch {
      return undefined;
    }
  })();
  const ops = await startOpsServer({
    port: env.OPS_PORT,
    host: env.OPS_HOST,
    registry: serviceMetrics(name).registry,
    logger,
    checks: { nc: app.get<NatsConnection>(NATS_CONNECTION), database: ds ? () => ds.query('SELECT 1') : undefined },
  });
  process.once('SIGTERM', () => void ops.close());
}
