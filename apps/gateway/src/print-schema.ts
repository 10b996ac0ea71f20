import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { GATEWAY_RESOLVERS } from './resolvers';

/** The public schema as SDL, built from the resolvers exactly as the running gateway builds it. */
export async function buildSchemaSdl(): Promise<string> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await app.get(GraphQLSchemaFactory).create(GATEWAY_RESOLVERS);
    return printSchema(schema) + '\n';
  } finally {
    await app.close();
  }
}

export const SCHEMA_FILE = path.resolve(__dirname, '../../../../apps/gateway/schema.gql');

if (require.main === module) {
  buildSchemaSdl().then((sdl) => {
    const target = process.argv[2] ?? SCHEMA_FILE;
    fs.writeFileSync(target, sdl);
    console.log(`schema written to ${path.relative(process.cwd(), target)}`);
  });
}
