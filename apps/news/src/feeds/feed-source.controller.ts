import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AddFeedSourceRequest, FeedSourceRequest, ListFeedSourcesRequest, NewsSubjects } from '@app/contracts';
import { FeedSourceService } from './feed-source.service';

@Controller()
export class FeedSourceController {
  constructor(private readonly sources: FeedSourceService) {}

  @MessagePattern(NewsSubjects.AddFeedSource)
  add(@Payload() input: AddFeedSourceRequest) {
    return this.sources.add(input.viewerId, input.channelId, input.url);
  }

  @MessagePattern(NewsSubjects.RemoveFeedSource)
  remove(@Payload() input: FeedSourceRequest) {
    return this.sources.remove(input.viewerId, input.sourceId);
  }

  @MessagePattern(NewsSubjects.RefreshFeedSource)
  refresh(@Payload() input: FeedSourceRequest) {
    return this.sources.refresh(input.viewerId, input.sourceId);
  }

  @MessagePattern(NewsSubjects.ListFeedSources)
  list(@Payload() input: ListFeedSourcesRequest) {
    return this.sources.list(input.viewerId, input.channelId);
  }
}
