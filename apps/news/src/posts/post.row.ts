import { PostView, ReactionCountView } from '@app/contracts';
import { encodeCursor } from '../paging/cursor';

export const POST_CURSOR = 'post';

/** A posts row as POST_COLUMNS selects it. */
export interface PostRow {
  id: string;
  channel_id: string;
  title: string | null;
  text: string;
  url: string | null;
  signature: string | null;
  published_at: Date;
  edited_at: Date | null;
  view_count: number;
  reactions: ReactionCountView[] | null;
}

/**
 * Columns of a post for a viewer ($1): its reactions come aggregated in the
 * same statement (one round trip per page), most used first, with whether the
 * viewer is among them.
 */
export const POST_COLUMNS = `p.id, p.channel_id, p.title, p.text, p.url, p.signature, p.published_at, p.edited_at, p.view_count,
  (SELECT json_agg(json_build_object('emoji', r.emoji, 'count', r.n, 'reactedByMe', r.mine) ORDER BY r.n DESC, r.first_at)
     FROM (SELECT emoji, count(*)::int AS n, bool_or(user_id = $1) AS mine, min(reacted_at) AS first_at
             FROM post_reactions WHERE post_id = p.id GROUP BY emoji) r) AS reactions`;

export function toPostView(row: PostRow): PostView {
  return {
    id: row.id,
    channelId: row.channel_id,
    title: row.title,
    text: row.text,
    url: row.url,
    signature: row.signature,
    publishedAt: new Date(row.published_at).toISOString(),
    editedAt: row.edited_at ? new Date(row.edited_at).toISOString() : null,
    views: row.view_count,
    reactions: row.reactions ?? [],
  };
}

export function postCursor(row: Pick<PostRow, 'published_at' | 'id'>): string {
  return encodeCursor(POST_CURSOR, new Date(row.published_at).getTime(), row.id);
}
