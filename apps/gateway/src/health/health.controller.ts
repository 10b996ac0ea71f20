import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { NatsConnection } from 'nats';
import { NATS_CONNECTION, RpcClient } from '@app/common';
import { HealthSubjects, ServiceNames } from '@app/contracts';
import { metrics } from '../metrics/metrics.service';

@Controller()
export class HealthController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  /** 200 while the process runs. */
  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  /**
   * Readiness of this copy, which depends only on NATS: 200 while NATS
   * answers, 503 when it does not. Each service's state is reported beside it
   * ("degraded" naming what is down) but does not make the copy unready: a
   * service that is down answers its own operations with SERVICE_UNAVAILABLE
   * on every copy, and taking every gateway out of the load balancer for it
   * would stop the operations of every other service too.
   */
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply) {
    const down: string[] = [];
    const services: Record<string, string> = {};
    const natsUp = await this.natsUp();
    services.nats = natsUp ? 'up' : 'down';
    if (!natsUp) down.push('nats');
    await Promise.all(
      ServiceNames.map(async (name) => {
        // Without NATS no service can be reached: say so at once instead of waiting out each request.
        if (!natsUp) {
          services[name] = 'unreachable';
          down.push(name);
          return;
        }
        try {
          const health = await this.rpc.send(HealthSubjects[name], {}, { timeoutMs: 1500 });
          services[name] = health.ok
            ? 'up'
            : `degraded (${Object.entries(health.checks)
                .filter(([, ok]) => !ok)
                .map(([k]) => k)
                .join(', ')} down)`;
          if (!health.ok) down.push(name);
        } catch {
          services[name] = 'down';
          down.push(name);
        }
      }),
    );
    reply.status(natsUp ? 200 : 503);
    if (!natsUp) return { status: 'unavailable', down, services };
    return down.length ? { status: 'degraded', down, services } : { status: 'ok', services };
  }

  /**
   * A round trip to the NATS server. rtt() fails at once while the client is
   * disconnected (reconnecting), where flush() queued a PING that waited for the
   * reconnection, so every probe during an outage took the full timeout and
   * left a pending PING behind.
   */
  private async natsUp(): Promise<boolean> {
    if (this.nc.isClosed() || this.nc.isDraining()) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.nc.rtt().then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 1000))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics() {
    return metrics.registry.metrics();
  }
}
