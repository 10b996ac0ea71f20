import { GqlModuleOptions } from '@nestjs/graphql';
import { SchemaOnlyDriver } from './schema-driver';

/**
 * The schema as committed in apps/gateway/schema.gql: code first, in the
 * order the types are declared. Served by the gateway's own transports with
 * graphql-jit (see pipeline/), which is what made Mercurius several times
 * Apollo's throughput on our response shapes (bench/graphql-driver).
 */
export function graphqlConfig(): GqlModuleOptions {
  return {
    driver: SchemaOnlyDriver,
    autoSchemaFile: true,
    sortSchema: false,
    path: '/graphql',
  };
}
