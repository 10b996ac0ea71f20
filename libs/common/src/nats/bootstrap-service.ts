import { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { Logger } from 'pino';
import { BaseEnv } from '../config/base-env';
import { createLogger } from '../logging/logger';
import { PinoLoggerService } from '../logging/pino-logger.service';
import { createValidationPipe } from '../errors/validation';
import { RpcErrorFilter } from '../errors/rpc-exception.filter';
import { CorrelationInterceptor } from './correlation.interceptor';

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
      servers: env.natsServers,
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
  app.useGlobalInterceptors(new CorrelationInterceptor());
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
  } catch (err) {
    logger.fatal({ err }, `${name} failed to start`);
    process.exit(1);
  }
}
