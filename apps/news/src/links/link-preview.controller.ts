import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LinkPreviewRequest, NewsSubjects } from '@app/contracts';
import { LinkPreviewService } from './link-preview.service';

@Controller()
export class LinkPreviewController {
  constructor(private readonly previews: LinkPreviewService) {}

  @MessagePattern(NewsSubjects.LinkPreview)
  preview(@Payload() input: LinkPreviewRequest) {
    return this.previews.preview(input.url);
  }
}
