import 'reflect-metadata';
import { dataSourceOptions, loadEnv, runMigrationsAndExit } from '@app/common';
import { AccountsEnv } from './config/accounts.env';
import { ACCOUNTS_MIGRATIONS } from './app.module';

// The deployment's migration Job: this service's migrations, then exit.
const env = loadEnv(AccountsEnv);
void runMigrationsAndExit(dataSourceOptions(env, { schema: 'accounts', migrations: ACCOUNTS_MIGRATIONS }), 'accounts');
