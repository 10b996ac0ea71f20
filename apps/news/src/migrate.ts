import 'reflect-metadata';
import { dataSourceOptions, loadEnv, runMigrationsAndExit } from '@app/common';
import { NewsEnv } from './config/news.env';
import { NEWS_MIGRATIONS } from './app.module';

// The deployment's migration Job: this service's migrations, then exit.
const env = loadEnv(NewsEnv);
void runMigrationsAndExit(dataSourceOptions(env, { schema: 'news', migrations: NEWS_MIGRATIONS }), 'news');
