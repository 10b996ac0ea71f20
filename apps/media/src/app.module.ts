import { DynamicModule, Module } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { BLOB_STORE, CoreModule, createHealthController, DatabaseModule, NATS_CONNECTION, ObjectStoreBlobStore } from '@app/common';
import { HealthSubjects } from '@app/contracts';
import { AttachmentService } from './attachments/attachment.service';
import { PostMediaSettler } from './attachments/post-media.settler';
import { PeersClient } from './clients/peers.client';
import { MediaEnv } from './config/media.env';
import { CreateMedia1765400000000 } from './database/migrations/1765400000000-CreateMedia';
import { VideoMetadata1765900000000 } from './database/migrations/1765900000000-VideoMetadata';
import { PendingPostMedia1765900002000 } from './database/migrations/1765900002000-PendingPostMedia';
import { MediaController } from './media/media.controller';
import { MediaService } from './media/media.service';
import { FinishService } from './processing/finish.service';
import { MediaProcessor } from './processing/media.processor';
import { UploadController } from './uploads/upload.controller';
import { UploadService } from './uploads/upload.service';
import { UploadSweeper } from './uploads/upload.sweeper';

export const MEDIA_MIGRATIONS = [CreateMedia1765400000000, VideoMetadata1765900000000, PendingPostMedia1765900002000];

@Module({})
export class MediaModule {
  static forRoot(env: MediaEnv): DynamicModule {
    return {
      module: MediaModule,
      imports: [CoreModule.forApp({ name: 'media', env }), DatabaseModule.forService({ schema: 'media', migrations: MEDIA_MIGRATIONS })],
      controllers: [UploadController, MediaController, createHealthController('media', HealthSubjects.media)],
      providers: [
        {
          provide: BLOB_STORE,
          inject: [NATS_CONNECTION],
          useFactory: (nc: NatsConnection) => new ObjectStoreBlobStore(nc, { bucket: env.MEDIA_BUCKET, replicas: env.JETSTREAM_REPLICAS }),
        },
        PeersClient,
        UploadService,
        UploadSweeper,
        FinishService,
        MediaProcessor,
        MediaService,
        AttachmentService,
        PostMediaSettler,
      ],
    };
  }
}
