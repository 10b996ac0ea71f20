import 'reflect-metadata';
import { dataSourceOptions, loadEnv, runMigrationsAndExit } from '@app/common';
import { MessagingEnv } from './config/messaging.env';
import { MESSAGING_MIGRATIONS } from './app.module';

// The deployment's migration Job: this service's migrations, then exit.
const env = loadEnv(MessagingEnv);
void runMigrationsAndExit(dataSourceOptions(env, { schema: 'messaging', migrations: MESSAGING_MIGRATIONS }), 'messaging');
