import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { BaseEnv } from './config/base-env';
import { createLogger } from './logging/logger';
import { connectNats, NATS_CONNECTION } from './nats/nats-connection';
import { RoundTripObserver, RpcClient } from './nats/rpc-client';
import { startTracing } from './tracing/tracing';

export const LOGGER = Symbol('LOGGER');

export interface CoreOptions {
  name: string;
  env: BaseEnv;
  /** Records each NATS round trip (the gateway's metrics). */
  observeRoundTrip?: RoundTripObserver;
}

/**
 * What every app gets: its validated env (under its own class and BaseEnv),
 * the process logger, one NATS connection and the typed RPC client on it.
 */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  static forApp(options: CoreOptions): DynamicModule {
    // The env is provided under its own class and each class it extends
    // (BaseEnv, DatabaseEnv), so shared modules can ask for what they need.
    type EnvClass = abstract new (...args: never[]) => unknown;
    const envClasses: EnvClass[] = [];
    for (let c = options.env.constructor as EnvClass; c && c !== Object; c = Object.getPrototypeOf(c) as EnvClass) envClasses.push(c);
    startTracing(options.name, { otlpEndpoint: options.env.OTEL_EXPORTER_OTLP_ENDPOINT, file: options.env.TRACES_FILE });
    return {
      module: CoreModule,
      providers: [
        ...envClasses.map((c) => ({ provide: c, useValue: options.env })),
        { provide: LOGGER, useValue: createLogger(options.name, options.env.LOG_LEVEL, options.env.LOG_FILE) },
        {
          provide: NATS_CONNECTION,
          inject: [LOGGER],
          useFactory: (logger: Logger) =>
            connectNats(options.env.natsOptions(options.name), `${options.name}-client-${process.pid}`, logger),
        },
        {
          provide: RpcClient,
          inject: [NATS_CONNECTION],
          useFactory: (nc: NatsConnection) =>
            new RpcClient(nc, { timeoutMs: options.env.RPC_TIMEOUT_MS, observe: options.observeRoundTrip }),
        },
      ],
      exports: [...envClasses, LOGGER, NATS_CONNECTION, RpcClient],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }
}
