// One side of bench/rpc, as its own process: `service` is a service made by
// createService (libs/common, the path every service's requests take: the
// service's NATS server with its correlation id, trace context and metrics,
// the validation pipe, the error filter) answering one subject whose payload is a real contract
// class; `bare` is a nats.js responder that parses the same JSON and answers,
// the floor any design pays. Usage: node service.js <service|bare> <natsUrl>
import 'reflect-metadata';
import { Controller, DynamicModule, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { connect, NatsConnection } from 'nats';
import { BaseEnv, CoreModule, createService, DomainError, loadEnv, NATS_CONNECTION } from '@app/common';
import { SendMessageRequest } from '@app/contracts';

export const SUBJECT = 'bench.rpc.send.v1';

@Controller()
class BenchController {
  @MessagePattern(SUBJECT)
  send(@Payload() dto: SendMessageRequest): { id: string; conversationId: string; length: number } {
    if (dto.text === 'fail') throw DomainError.badInput('text', 'fail');
    return { id: dto.clientId, conversationId: dto.conversationId, length: dto.text.length };
  }
}

@Module({})
class BenchModule {
  static forRoot(env: BaseEnv): DynamicModule {
    return { module: BenchModule, imports: [CoreModule.forApp({ name: 'benchrpc', env })], controllers: [BenchController] };
  }
}

async function main(): Promise<void> {
  const [mode, natsUrl] = process.argv.slice(2);
  if (mode === 'bare') {
    const nc = await connect({ servers: natsUrl });
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    nc.subscribe(SUBJECT, {
      queue: 'bench',
      callback: (err, msg) => {
        if (err) return;
        const { data } = JSON.parse(decoder.decode(msg.data)) as { data: SendMessageRequest };
        msg.respond(
          encoder.encode(
            JSON.stringify({ response: { id: data.clientId, conversationId: data.conversationId, length: data.text.length } }),
          ),
        );
      },
    });
    await nc.flush();
  } else {
    const env = loadEnv(BaseEnv, { ...process.env, NATS_URL: natsUrl, LOG_LEVEL: 'warn' });
    const app = await createService('benchrpc', BenchModule.forRoot(env), env);
    await app.listen();
    await app.get<NatsConnection>(NATS_CONNECTION).flush();
  }
  process.stdout.write('ready\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
