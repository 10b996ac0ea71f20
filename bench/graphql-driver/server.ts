// One NestJS + Fastify process serving the benchmark schema with one driver.
// Usage: node dist/bench/graphql-driver/server.js <mercurius-jit|mercurius|apollo> <port>
// Run as a child of run.ts so each driver has its own process and heap.
import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { ConversationResolver } from './schema';

export const DRIVERS = ['mercurius-jit', 'mercurius', 'apollo'] as const;
export type DriverName = (typeof DRIVERS)[number];

function graphqlModule(driver: DriverName): DynamicModule {
  if (driver === 'apollo') {
    // On the Fastify adapter @nestjs/apollo mounts Apollo Server 5 through
    // @as-integrations/fastify. No landing page: it is not on the hot path anyway.
    return GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, playground: false });
  }
  // jit: 1 compiles a query with graphql-jit after its first execution; 0 = off.
  return GraphQLModule.forRoot<MercuriusDriverConfig>({
    driver: MercuriusDriver,
    autoSchemaFile: true,
    graphiql: false,
    jit: driver === 'mercurius-jit' ? 1 : 0,
  });
}

@Module({})
class BenchModule {
  static forDriver(driver: DriverName): DynamicModule {
    return { module: BenchModule, imports: [graphqlModule(driver)], providers: [ConversationResolver] };
  }
}

async function main(): Promise<void> {
  const [driver, portArg] = process.argv.slice(2) as [DriverName, string];
  const port = Number(portArg);
  if (!DRIVERS.includes(driver) || !Number.isInteger(port) || port <= 0) {
    console.error(`usage: server.js <${DRIVERS.join('|')}> <port>`);
    process.exit(2);
  }
  const app = await NestFactory.create<NestFastifyApplication>(BenchModule.forDriver(driver), new FastifyAdapter(), {
    logger: ['error', 'warn'],
  });
  await app.listen(port, '127.0.0.1');
  const stop = () => void app.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // If the runner dies without killing us, do not linger holding the port.
  process.on('disconnect', stop);
  process.send?.({ ready: port });
  console.log(`graphql-driver bench server: ${driver} on http://127.0.0.1:${port}/graphql`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
