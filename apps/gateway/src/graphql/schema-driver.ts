import { AbstractGraphQLDriver, GqlModuleOptions } from '@nestjs/graphql';

/**
 * Nest's GraphQL module builds the code-first schema (resolvers, guards,
 * filters, scalars) and keeps it in GraphQLSchemaHost; this driver serves
 * nothing itself. Both transports are the gateway's own and run every
 * operation through one pipeline (see pipeline/operation-pipeline.ts).
 */
export class SchemaOnlyDriver extends AbstractGraphQLDriver<GqlModuleOptions> {
  async start(): Promise<void> {}

  async stop(): Promise<void> {}
}
