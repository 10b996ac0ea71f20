import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NewsSubjects, ReactToPostRequest, ViewPostsRequest } from '@app/contracts';
import { EngagementService } from './engagement.service';

@Controller()
export class EngagementController {
  constructor(private readonly engagement: EngagementService) {}

  @MessagePattern(NewsSubjects.ReactToPost)
  react(@Payload() input: ReactToPostRequest) {
    return this.engagement.react(input.viewerId, input.postId, input.emoji);
  }

  @MessagePattern(NewsSubjects.ViewPosts)
  view(@Payload() input: ViewPostsRequest) {
    return this.engagement.view(input.viewerId, input.postIds);
  }
}
