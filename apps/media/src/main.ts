import 'reflect-metadata';
import { loadEnv, runService } from '@app/common';
import { MediaEnv } from './config/media.env';
import { MediaModule } from './app.module';

const env = loadEnv(MediaEnv);
void runService('media', MediaModule.forRoot(env), env);
