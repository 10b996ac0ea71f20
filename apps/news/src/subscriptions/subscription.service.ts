import { Inject, Injectable } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { NATS_CONNECTION, queryRows } from '@app/common';
import { ChannelView, NewsLive, SubscriptionChangedEvent } from '@app/contracts';
import { ChannelService } from '../channels/channel.service';

/** Who follows which channel: the feed reads these, and the subscriber count moves with them. */
@Injectable()
export class SubscriptionService {
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly ds: DataSource,
    private readonly channels: ChannelService,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  /** Idempotent: the count moves only when a row was really added, in the same statement. */
  async subscribe(viewerId: string, channelId: string): Promise<ChannelView> {
    await this.channels.requireExists(channelId);
    await queryRows<never>(
      this.ds,
      `WITH added AS (INSERT INTO subscriptions (user_id, channel_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING channel_id)
       UPDATE channels SET subscriber_count = subscriber_count + 1 WHERE id IN (SELECT channel_id FROM added)`,
      [viewerId, channelId],
    );
    this.announce(viewerId, { channelId, subscribed: true });
    return (await this.channels.get(viewerId, channelId))!;
  }

  async unsubscribe(viewerId: string, channelId: string): Promise<ChannelView> {
    await this.channels.requireExists(channelId);
    await queryRows<never>(
      this.ds,
      `WITH removed AS (DELETE FROM subscriptions WHERE user_id = $1 AND channel_id = $2 RETURNING channel_id)
       UPDATE channels SET subscriber_count = subscriber_count - 1 WHERE id IN (SELECT channel_id FROM removed)`,
      [viewerId, channelId],
    );
    this.announce(viewerId, { channelId, subscribed: false });
    return (await this.channels.get(viewerId, channelId))!;
  }

  async channelIds(viewerId: string): Promise<string[]> {
    const rows = await queryRows<{ channel_id: string }>(this.ds, `SELECT channel_id FROM subscriptions WHERE user_id = $1`, [viewerId]);
    return rows.map((r) => r.channel_id);
  }

  /** Open channelPosts streams of this user follow the change (core NATS: a stream that misses it catches up when reopened). */
  private announce(viewerId: string, event: SubscriptionChangedEvent): void {
    this.nc.publish(NewsLive.userSubscriptions(viewerId), this.encoder.encode(JSON.stringify(event)));
  }
}
