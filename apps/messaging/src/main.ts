import 'reflect-metadata';
import { loadEnv, runService } from '@app/common';
import { MessagingEnv } from './config/messaging.env';
import { MessagingModule } from './app.module';

const env = loadEnv(MessagingEnv);
void runService('messaging', MessagingModule.forRoot(env), env);
