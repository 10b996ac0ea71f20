import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, createHealthController, DatabaseModule } from '@app/common';
import { HealthSubjects } from '@app/contracts';
import { NewsEnv } from './config/news.env';
import { CreateNews1764380000001 } from './database/migrations/1764380000001-CreateNews';
import { CreateChannelsAndPosts1764400000000 } from './database/migrations/1764400000000-CreateChannelsAndPosts';
import { CreateLinkPreviews1765500000002 } from './database/migrations/1765500000002-CreateLinkPreviews';
import { AddFeedErrorReason1765500000001 } from './database/migrations/1765500000001-AddFeedErrorReason';
import { DropProcessedEvents1764500000000 } from './database/migrations/1764500000000-DropProcessedEvents';
import { RekeyNewsSearch1765800000000 } from './database/migrations/1765800000000-RekeyNewsSearch';
import { CreateAbandonedPostIds1765900001000 } from './database/migrations/1765900001000-CreateAbandonedPostIds';
import { ChannelController } from './channels/channel.controller';
import { ChannelService } from './channels/channel.service';
import { AccountsClient } from './clients/accounts.client';
import { MessagingClient } from './clients/messaging.client';
import { EngagementController } from './engagement/engagement.controller';
import { EngagementService } from './engagement/engagement.service';
import { FeedFetchService } from './feeds/feed-fetch.service';
import { FeedImportService } from './feeds/feed-import.service';
import { FeedPollerService } from './feeds/feed-poller.service';
import { LinkPreviewController } from './links/link-preview.controller';
import { LinkPreviewService } from './links/link-preview.service';
import { FeedSourceController } from './feeds/feed-source.controller';
import { FeedSourceService } from './feeds/feed-source.service';
import { AnnouncerService } from './live/announcer.service';
import { PostController } from './posts/post.controller';
import { PostQueryService } from './posts/post-query.service';
import { PostService } from './posts/post.service';
import { ShareController } from './share/share.controller';
import { ShareService } from './share/share.service';
import { SubscriptionController } from './subscriptions/subscription.controller';
import { SubscriptionService } from './subscriptions/subscription.service';

export const NEWS_MIGRATIONS = [
  CreateNews1764380000001,
  CreateChannelsAndPosts1764400000000,
  DropProcessedEvents1764500000000,
  AddFeedErrorReason1765500000001,
  CreateLinkPreviews1765500000002,
  RekeyNewsSearch1765800000000,
  CreateAbandonedPostIds1765900001000,
];

@Module({})
export class NewsModule {
  static forRoot(env: NewsEnv): DynamicModule {
    return {
      module: NewsModule,
      imports: [CoreModule.forApp({ name: 'news', env }), DatabaseModule.forService({ schema: 'news', migrations: NEWS_MIGRATIONS })],
      controllers: [
        ChannelController,
        SubscriptionController,
        PostController,
        EngagementController,
        ShareController,
        FeedSourceController,
        LinkPreviewController,
        createHealthController('news', HealthSubjects.news),
      ],
      providers: [
        AccountsClient,
        MessagingClient,
        ChannelService,
        SubscriptionService,
        PostQueryService,
        PostService,
        EngagementService,
        ShareService,
        AnnouncerService,
        FeedImportService,
        FeedFetchService,
        FeedPollerService,
        FeedSourceService,
        LinkPreviewService,
      ],
    };
  }
}
