import 'reflect-metadata';
import { loadEnv, runService } from '@app/common';
import { NewsEnv } from './config/news.env';
import { NewsModule } from './app.module';

const env = loadEnv(NewsEnv);
void runService('news', NewsModule.forRoot(env), env);
