import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AppendChunkRequest, FinishUploadRequest, MediaSubjects, StartUploadRequest, UploadStatusRequest } from '@app/contracts';
import { FinishService } from '../processing/finish.service';
import { UploadService } from './upload.service';

@Controller()
export class UploadController {
  constructor(
    private readonly uploads: UploadService,
    private readonly finisher: FinishService,
  ) {}

  @MessagePattern(MediaSubjects.StartUpload)
  start(@Payload() input: StartUploadRequest) {
    return this.uploads.start(input);
  }

  @MessagePattern(MediaSubjects.UploadStatus)
  status(@Payload() input: UploadStatusRequest) {
    return this.uploads.status(input.mediaId);
  }

  @MessagePattern(MediaSubjects.AppendChunk)
  append(@Payload() input: AppendChunkRequest) {
    return this.uploads.append(input);
  }

  @MessagePattern(MediaSubjects.FinishUpload)
  finish(@Payload() input: FinishUploadRequest) {
    return this.finisher.finish(input.viewerId, input.mediaId);
  }
}
