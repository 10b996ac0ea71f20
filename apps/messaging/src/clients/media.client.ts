import { Injectable } from '@nestjs/common';
import { RpcClient } from '@app/common';
import { MediaSubjects } from '@app/contracts';

/** What messaging asks of media: that an album is the sender's own finished uploads (BAD_USER_INPUT on mediaIds otherwise). */
@Injectable()
export class MediaClient {
  constructor(private readonly rpc: RpcClient) {}

  async checkUsable(viewerId: string, mediaIds: string[]): Promise<void> {
    await this.rpc.send(MediaSubjects.CheckUsable, { viewerId, mediaIds, field: 'mediaIds' });
  }
}
