import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { NatsConnection } from 'nats';
import { BLOB_STORE, CoreModule, NATS_CONNECTION, ObjectStoreBlobStore, resolveJwtSecret, RpcClient } from '@app/common';
import { MediaUrls } from './media/media-urls';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { GatewayEnv } from './config/gateway.env';
import { CoalescingRpcClient } from './graphql/coalescing-rpc-client';
import { graphqlConfig } from './graphql/graphql.config';
import { HealthController } from './health/health.controller';
import { LiveHub } from './live/live-hub';
import { PassThroughFilter } from './graphql/passthrough.filter';
import { metrics } from './metrics/metrics.service';
import { GATEWAY_RESOLVERS } from './resolvers';
import { SandboxIpgController } from './payments/sandbox-ipg.controller';
import { RefreshCookieController } from './accounts/refresh-cookie.controller';

@Module({})
export class GatewayModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        CoreModule.forApp({ name: 'gateway', env, observeRoundTrip: metrics.observeRoundTrip }),
        GraphQLModule.forRoot(graphqlConfig()),
      ],
      controllers: [HealthController, SandboxIpgController, RefreshCookieController],
      providers: [
        // The gateway's own RpcClient (identical requests of one query share a round trip) in place of CoreModule's.
        {
          provide: RpcClient,
          inject: [NATS_CONNECTION],
          useFactory: (nc: NatsConnection) =>
            new CoalescingRpcClient(nc, { timeoutMs: env.RPC_TIMEOUT_MS, observe: metrics.observeRoundTrip }),
        },
        AuthService,
        LiveHub,
        { provide: MediaUrls, useValue: new MediaUrls(resolveJwtSecret(env), env.MEDIA_URL_TTL_SECONDS) },
        {
          provide: BLOB_STORE,
          inject: [NATS_CONNECTION],
          useFactory: (nc: NatsConnection) => new ObjectStoreBlobStore(nc, { bucket: env.MEDIA_BUCKET, replicas: env.JETSTREAM_REPLICAS }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: PassThroughFilter },
        ...GATEWAY_RESOLVERS,
      ],
    };
  }
}
