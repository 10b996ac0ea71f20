import 'reflect-metadata';
import { dataSourceOptions, loadEnv, runMigrationsAndExit } from '@app/common';
import { PaymentsEnv } from './config/payments.env';
import { PAYMENTS_MIGRATIONS } from './app.module';

// The deployment's migration Job: this service's migrations, then exit.
const env = loadEnv(PaymentsEnv);
void runMigrationsAndExit(dataSourceOptions(env, { schema: 'payments', migrations: PAYMENTS_MIGRATIONS }), 'payments');
