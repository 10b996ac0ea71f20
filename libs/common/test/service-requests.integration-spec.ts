import 'reflect-metadata';
import { Controller, DynamicModule, INestMicroservice, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { connect, headers, NatsConnection } from 'nats';
import { CORRELATION_HEADER, StartDirectRequest } from '@app/contracts';
import { BaseEnv, CoreModule, createService, DomainError, loadEnv, requestContext, serviceMetrics } from '@app/common';

const SUBJECT = 'svctest.echo.v1';
const VIEWER = '7b0a6c8e-0000-4000-8000-000000000001';

@Controller()
class EchoController {
  @MessagePattern(SUBJECT)
  echo(@Payload() dto: StartDirectRequest): { correlationId?: string; userId: string; keys: string[] } {
    if (dto.userId === 'boom') throw DomainError.notFound('user');
    if (dto.userId === 'crash') throw new Error('unexpected');
    return { correlationId: requestContext.correlationId(), userId: dto.userId, keys: Object.keys(dto).sort() };
  }
}

@Module({})
class EchoModule {
  static forRoot(env: BaseEnv): DynamicModule {
    return { module: EchoModule, imports: [CoreModule.forApp({ name: 'svctest', env })], controllers: [EchoController] };
  }
}

/** A service made by createService, asked over a real NATS: what every service's requests go through. */
describe('createService: the service side of a NATS request', () => {
  let app: INestMicroservice;
  let nc: NatsConnection;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  beforeAll(async () => {
    const env = loadEnv(BaseEnv, { ...process.env, LOG_LEVEL: 'silent' });
    app = await createService('svctest', EchoModule.forRoot(env), env);
    await app.listen();
    nc = await connect({ servers: process.env.NATS_URL!.split(',') });
  });
  afterAll(async () => {
    await nc.close();
    await app.close();
  });

  async function ask(data: unknown, correlationId?: string): Promise<string> {
    const h = headers();
    if (correlationId) h.set(CORRELATION_HEADER, correlationId);
    const reply = await nc.request(SUBJECT, encoder.encode(JSON.stringify({ pattern: SUBJECT, data, id: 'r1' })), {
      timeout: 5000,
      headers: h,
    });
    return decoder.decode(reply.data);
  }

  it("answers Nest's reply packet, validated and whitelisted, in the caller's correlation id", async () => {
    const text = await ask({ viewerId: VIEWER, userId: 'u_2', extra: 'dropped' }, 'corr-123');
    expect(text).toBe(
      JSON.stringify({ response: { correlationId: 'corr-123', userId: 'u_2', keys: ['userId', 'viewerId'] }, isDisposed: true, id: 'r1' }),
    );
    const fresh = JSON.parse(await ask({ viewerId: VIEWER, userId: 'u_2' })) as { response: { correlationId: string } };
    expect(fresh.response.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers a broken rule, a DomainError and an unexpected error with the contract's codes, and times every outcome", async () => {
    const bad = JSON.parse(await ask({ viewerId: 'nope', userId: 'u_2' })) as {
      err: { code: string; message: string };
      isDisposed: boolean;
    };
    expect(bad).toMatchObject({ err: { code: 'BAD_USER_INPUT' }, isDisposed: true, id: 'r1' });
    expect(bad.err.message).toContain('viewerId');
    expect(JSON.parse(await ask({ viewerId: VIEWER, userId: 'boom' }))).toMatchObject({ err: { code: 'NOT_FOUND' }, isDisposed: true });
    const crash = JSON.parse(await ask({ viewerId: VIEWER, userId: 'crash' })) as { err: { code: string; message: string } };
    expect(crash.err.code).toBe('INTERNAL');
    expect(crash.err.message).not.toContain('unexpected');

    const figures = await serviceMetrics().registry.metrics();
    const count = (outcome: string) =>
      Number(
        new RegExp(`nats_handler_duration_seconds_count\\{[^}]*subject="${SUBJECT}",outcome="${outcome}"[^}]*\\} (\\d+)`).exec(
          figures,
        )?.[1] ?? 0,
      );
    expect(count('ok')).toBe(2);
    expect(count('BAD_USER_INPUT')).toBe(1);
    expect(count('NOT_FOUND')).toBe(1);
    expect(count('INTERNAL')).toBe(1);
  });
});
