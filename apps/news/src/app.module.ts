import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, createHealthController, DatabaseModule } from '@app/common';
import { HealthSubjects } from '@app/contracts';
import { NewsEnv } from './config/news.env';
import { CreateNews1764380000001 } from './database/migrations/1764380000001-CreateNews';
import { CreateChannelsAndPosts1764400000000 } from './database/migrations/1764400000000-CreateChannelsAndPosts';
import { ChannelController } from './channels/channel.controller';
import { ChannelService } from './channels/channel.service';
import { EngagementService } from './engagement/engagement.service';
import { AnnouncerService } from './live/announcer.service';
import { PostController } from './posts/post.controller';
import { PostQueryService } from './posts/post-query.service';
import { PostService } from './posts/post.service';
import { ShareService } from './share/share.service';
import { FEED_PROVIDERS, FeedSourceController } from './feeds/feed-source.controller';

export const NEWS_MIGRATIONS = [CreateNews1764380000001, CreateChannelsAndPosts1764400000000];

@Module({})
export class NewsModule {
  static forRoot(env: NewsEnv): DynamicModule {
    return {
      module: NewsModule,
      imports: [CoreModule.forApp({ name: 'news', env }), DatabaseModule.forService({ schema: 'news', migrations: NEWS_MIGRATIONS })],
      controllers: [ChannelController, PostController, FeedSourceController, createHealthController('news', HealthSubjects.news)],
      providers: [ChannelService, PostQueryService, PostService, EngagementService, AnnouncerService, ShareService, ...FEED_PROVIDERS],
    };
  }
}
