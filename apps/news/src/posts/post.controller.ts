import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ChannelPostsRequest,
  DeletePostRequest,
  EditPostRequest,
  FeedRequest,
  GetPostsRequest,
  NewsSubjects,
  PublishPostRequest,
  SearchPostsRequest,
  SettlePostIdsRequest,
} from '@app/contracts';
import { PostQueryService } from './post-query.service';
import { PostService } from './post.service';

@Controller()
export class PostController {
  constructor(
    private readonly posts: PostService,
    private readonly reader: PostQueryService,
  ) {}

  @MessagePattern(NewsSubjects.PublishPost)
  publish(@Payload() input: PublishPostRequest) {
    return this.posts.publish(input);
  }

  @MessagePattern(NewsSubjects.EditPost)
  edit(@Payload() input: EditPostRequest) {
    return this.posts.edit(input);
  }

  @MessagePattern(NewsSubjects.DeletePost)
  delete(@Payload() input: DeletePostRequest) {
    return this.posts.delete(input.viewerId, input.postId);
  }

  @MessagePattern(NewsSubjects.GetPosts)
  getMany(@Payload() input: GetPostsRequest) {
    return this.reader.byIds(input.viewerId, input.ids);
  }

  @MessagePattern(NewsSubjects.SettlePostIds)
  settle(@Payload() input: SettlePostIdsRequest) {
    return this.posts.settleIds(input.postIds);
  }

  @MessagePattern(NewsSubjects.ChannelPosts)
  channelPosts(@Payload() input: ChannelPostsRequest) {
    return this.reader.channelPosts(input.viewerId, input.channelId, input.first, input.after);
  }

  @MessagePattern(NewsSubjects.Feed)
  feed(@Payload() input: FeedRequest) {
    return this.reader.feed(input.viewerId, input.first, input.after);
  }

  @MessagePattern(NewsSubjects.SearchPosts)
  search(@Payload() input: SearchPostsRequest) {
    return this.reader.search(input.viewerId, input.query, input.channelId, input.first, input.after);
  }
}
