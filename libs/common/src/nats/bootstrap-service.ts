import { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessageHandler, MicroserviceOptions, NatsContext, PacketId, ReadPacket, ServerNats, WritePacket } from '@nestjs/microservices';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { Msg, NatsConnection, Subscription } from 'nats';
import { isObservable } from 'rxjs';
import { CORRELATION_HEADER, ErrorCode } from '@app/contracts';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BaseEnv } from '../config/base-env';
import { createLogger } from '../logging/logger';
import { PinoLoggerService } from '../logging/pino-logger.service';
import { createValidationPipe } from '../errors/validation';
import { CompiledValidationPipe } from '../errors/compiled-validation.pipe';
import { RpcErrorFilter } from '../errors/rpc-exception.filter';
import { requestContext } from '../context/request-context';
import { tracedReceive } from '../tracing/tracing';
import { coalesceNatsWrites } from './coalesce-writes';
import { NATS_CONNECTION } from './nats-connection';
import { startOpsServer } from '../ops/ops-server';
import { serviceMetrics, ServiceMetrics } from '../ops/service-metrics';

/** A handler's outcome other than a reply: the error payload's code (for the span's status). */
class HandlerFailed {
  constructor(readonly code: string) {}
}

/**
 * Nest's NATS server on the service's own connection (CoreModule's
 * NATS_CONNECTION) instead of a second one: a send's reply and the live push
 * it publishes then leave in one write (see coalesceNatsWrites), and
 * nats-server carries one connection per service copy. Closing the server
 * only stops its subscriptions; the connection is drained with the app
 * (CoreModule), after the handlers in flight have answered.
 *
 * Each request runs in its caller's correlation id and trace context (from
 * its NATS headers) and is timed into nats_handler_duration_seconds here,
 * around Nest's handler (guards, the validation pipe, the controller method,
 * the error filter), rather than in two global interceptors: with none, Nest
 * calls the handler directly instead of through rxjs `defer`/`mergeAll`
 * chains and an AsyncResource.bind per interceptor, and a plain result is
 * published as Nest's `send` would publish it (one packet, `isDisposed`)
 * without an Observable and a nextTick. An Observable result (the error
 * filter's, or a handler's stream) still goes through Nest's `send`. The
 * handler of each subject is looked up once (Nest's lookup JSON.parses the
 * subject on every message). bench/rpc measures it.
 */
class ServiceNatsServer extends ServerNats {
  shared?: () => NatsConnection | undefined;
  metrics?: ServiceMetrics;
  private readonly handlersBySubject = new Map<string, MessageHandler | null>();

  override async createNatsClient(): Promise<NatsConnection> {
    return this.shared?.() ?? coalesceNatsWrites((await super.createNatsClient()) as NatsConnection);
  }

  override async close(): Promise<void> {
    if (!this.shared?.()) return super.close();
    for (const sub of (this as unknown as { subscriptions: Subscription[] }).subscriptions) sub.unsubscribe();
  }

  override getHandlerByPattern(pattern: string): MessageHandler | null {
    let handler = this.handlersBySubject.get(pattern);
    if (handler === undefined) this.handlersBySubject.set(pattern, (handler = super.getHandlerByPattern(pattern)));
    return handler;
  }

  override handleMessage(channel: string, natsMsg: Msg): Promise<void> {
    const headers = natsMsg.headers;
    const correlationId = headers?.get(CORRELATION_HEADER) || requestContext.newId();
    return requestContext.run({ correlationId }, () =>
      tracedReceive(natsMsg.subject, headers, () => this.dispatch(channel, natsMsg)).catch((err: unknown) => {
        if (!(err instanceof HandlerFailed)) this.logger.error(err);
      }),
    );
  }

  /** Nest's handleMessage, with the outcome timed and returned: resolves on a reply, rejects with HandlerFailed on an error reply. */
  private async dispatch(channel: string, natsMsg: Msg): Promise<void> {
    const ctx = new NatsContext([natsMsg.subject, natsMsg.headers]);
    const message = (await this.deserializer.deserialize(natsMsg.data, { channel, replyTo: natsMsg.reply })) as ReadPacket &
      Partial<PacketId>;
    if (message.id === undefined) return this.handleEvent(channel, message, ctx);
    const publish = this.getPublisher(natsMsg, message.id, ctx) as (packet: Partial<WritePacket>) => unknown;
    const handler = this.getHandlerByPattern(channel);
    if (!handler) {
      publish({ id: message.id, status: 'error', err: NO_MESSAGE_HANDLER } as Partial<WritePacket>);
      return;
    }
    const started = process.hrtime.bigint();
    const observe = (outcome: string) =>
      this.metrics?.handled.observe({ subject: natsMsg.subject, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    let failed: HandlerFailed | undefined;
    await this.onProcessingStartHook(this.transportId, ctx, async () => {
      const result: unknown = await handler(message.data, ctx);
      if (!isObservable(result)) {
        publish({ response: result, isDisposed: true });
        observe('ok');
        return;
      }
      await new Promise<void>((resolve) => {
        this.send(result, (packet: WritePacket): void => {
          if (packet.err !== undefined && !failed)
            failed = new HandlerFailed(String((packet.err as { code?: unknown })?.code ?? ErrorCode.Internal));
          publish(packet);
          if (packet.isDisposed) {
            observe(failed ? failed.code : 'ok');
            resolve();
          }
        });
      });
    });
    if (failed) throw failed;
  }
}

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
  const server = new ServiceNatsServer({
    ...env.natsOptions(name),
    queue: name,
    name: `${name}-${process.pid}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    noAsyncTraces: true,
  });
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    strategy: server,
    logger: new PinoLoggerService(logger),
  });
  server.shared = () => {
    try {
      return app.get<NatsConnection>(NATS_CONNECTION, { strict: false });
    } catch {
      return undefined;
    }
  };
  app.useGlobalPipes(new CompiledValidationPipe(createValidationPipe()));
  app.useGlobalFilters(new RpcErrorFilter(logger));
  // Correlation id, trace context and handler metrics: in ServiceNatsServer, around each request (no interceptors).
  server.metrics = serviceMetrics(name);
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
