import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NewsSubjects, SharePostRequest } from '@app/contracts';
import { ShareService } from './share.service';

@Controller()
export class ShareController {
  constructor(private readonly shares: ShareService) {}

  @MessagePattern(NewsSubjects.SharePost)
  share(@Payload() input: SharePostRequest) {
    return this.shares.share(input);
  }
}
