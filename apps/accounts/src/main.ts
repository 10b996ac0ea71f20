import 'reflect-metadata';
import { loadEnv, runService } from '@app/common';
import { AccountsEnv } from './config/accounts.env';
import { AccountsModule } from './app.module';

const env = loadEnv(AccountsEnv);
void runService('accounts', AccountsModule.forRoot(env), env);
