import { Injectable } from '@nestjs/common';
import { RpcClient } from '@app/common';
import { ChannelRole, MessagingIntegrationSubjects, NewsSubjects, SettledPostIds } from '@app/contracts';

/** What media asks of messaging and news: whether a user may see what a media is attached to there. */
@Injectable()
export class PeersClient {
  constructor(private readonly rpc: RpcClient) {}

  async visibleInMessages(userId: string, mediaId: string): Promise<boolean> {
    return (await this.rpc.send(MessagingIntegrationSubjects.MediaVisible, { userId, mediaId })).visible;
  }

  /** The posts of these ids that the viewer may see (published, not deleted). */
  async visiblePosts(viewerId: string, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    return (await this.rpc.send(NewsSubjects.GetPosts, { viewerId, ids })).map((p) => p.id);
  }

  /** Whether each id became a post; the others never will (news records them as abandoned). */
  async settlePostIds(postIds: string[]): Promise<SettledPostIds> {
    return this.rpc.send(NewsSubjects.SettlePostIds, { postIds });
  }

  /** The viewer's role in a channel; undefined when there is no such channel. */
  async channelRole(viewerId: string, channelId: string): Promise<ChannelRole | null | undefined> {
    const channel = await this.rpc.send(NewsSubjects.GetChannel, { viewerId, id: channelId });
    return channel ? channel.myRole : undefined;
  }
}
