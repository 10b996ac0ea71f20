import 'reflect-metadata';
import { dataSourceOptions, loadEnv, runMigrationsAndExit } from '@app/common';
import { MediaEnv } from './config/media.env';
import { MEDIA_MIGRATIONS } from './app.module';

// The deployment's migration Job: this service's migrations, then exit.
const env = loadEnv(MediaEnv);
void runMigrationsAndExit(dataSourceOptions(env, { schema: 'media', migrations: MEDIA_MIGRATIONS }), 'media');
