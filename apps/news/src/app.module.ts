import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, createHealthController, DatabaseModule } from '@app/common';
import { HealthSubjects } from '@app/contracts';
import { NewsEnv } from './config/news.env';
import { CreateNews1764380000001 } from './database/migrations/1764380000001-CreateNews';

export const NEWS_MIGRATIONS = [CreateNews1764380000001];

@Module({})
export class NewsModule {
  static forRoot(env: NewsEnv): DynamicModule {
    return {
      module: NewsModule,
      imports: [
        CoreModule.forApp({ name: 'news', env }),
        DatabaseModule.forService({ schema: 'news', entities: [], migrations: NEWS_MIGRATIONS }),
      ],
      controllers: [createHealthController('news', HealthSubjects.news)],
    };
  }
}
