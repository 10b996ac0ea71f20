import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions, MigrationInterface } from 'typeorm';
import { DatabaseEnv } from '../config/base-env';
import { migrateSchema } from './migrate';

export interface DatabaseOptions {
  /** The service's own PostgreSQL schema; no service reads another's. */
  schema: string;
  /** Migration classes in the order they were released. (No entities: services write SQL; see the README.) */
  migrations: Array<new () => MigrationInterface>;
}

export function dataSourceOptions(env: DatabaseEnv, options: DatabaseOptions): DataSourceOptions {
  const url = env.databaseUrl(options.schema);
  if (!url) throw new Error(`DATABASE_URL (or ${options.schema.toUpperCase()}_DATABASE_URL) is not set (npm start sets it; see README)`);
  return {
    type: 'postgres',
    url,
    schema: options.schema,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    // Schema changes go through migrations only.
    synchronize: false,
    migrationsRun: false,
    extra: {
      max: env.DB_POOL_SIZE,
      // Unqualified names resolve in the service's schema; public holds extensions (pg_trgm).
      options: `-c search_path=${options.schema},public`,
    },
  };
}

@Module({})
export class DatabaseModule {
  static forService(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [DatabaseEnv],
          useFactory: (env: DatabaseEnv) => dataSourceOptions(env, options),
          dataSourceFactory: async (opts) => {
            const ds = await new DataSource(opts!).initialize();
            await migrateSchema(ds, options.schema);
            return ds;
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
