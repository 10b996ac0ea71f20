import { ChannelRole, ChannelView } from '@app/contracts';

/** A channels row with the viewer's relation to it, as CHANNEL_COLUMNS selects it. */
export interface ChannelRow {
  id: string;
  handle: string;
  title: string;
  description: string | null;
  sign_posts: boolean;
  subscriber_count: number;
  created_at: Date;
  subscribed: boolean;
  my_role: ChannelRole | null;
}

/** Columns of a channel with the viewer's ($1) relation to it. */
export const CHANNEL_COLUMNS = `c.id, c.handle, c.title, c.description, c.sign_posts, c.subscriber_count, c.created_at,
  EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = $1 AND s.channel_id = c.id) AS subscribed,
  (SELECT a.role FROM channel_admins a WHERE a.channel_id = c.id AND a.user_id = $1) AS my_role`;

export function toChannelView(row: ChannelRow): ChannelView {
  return {
    id: row.id,
    handle: row.handle,
    title: row.title,
    description: row.description,
    signPosts: row.sign_posts,
    subscriberCount: row.subscriber_count,
    subscribed: row.subscribed,
    myRole: row.my_role,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
