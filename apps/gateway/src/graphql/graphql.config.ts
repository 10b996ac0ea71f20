import { GqlModuleOptions } from '@nestjs/graphql';
import { SchemaOnlyDriver } from './schema-driver';

/**
 * The schema as committed in apps/gateway/schema.gql: code first, types in the
 * order their classes load (see resolvers.ts). The gateway's own transports
 * serve it through one pipeline (see pipeline/), keeping what made Mercurius
 * with jit the choice in bench/graphql-driver (3.5–4× Apollo Server, over
 * twice Mercurius without jit): Fastify, parsed and validated documents kept
 * per query text, and graphql-jit.
 */
export function graphqlConfig(): GqlModuleOptions {
  return {
    driver: SchemaOnlyDriver,
    autoSchemaFile: true,
    sortSchema: false,
  };
}
