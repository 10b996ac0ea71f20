import 'reflect-metadata';
import { loadEnv, runService } from '@app/common';
import { PaymentsEnv } from './config/payments.env';
import { PaymentsModule } from './app.module';

const env = loadEnv(PaymentsEnv);
void runService('payments', PaymentsModule.forRoot(env), env);
