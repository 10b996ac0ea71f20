import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateChannelsAndPosts1764400000000 implements MigrationInterface {
  name = 'CreateChannelsAndPosts1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // search_doc / compact_key are the Persian search keys of handle + title
    // (libs/persian), folded once at write time exactly as queries are.
    await q.query(`
      CREATE TABLE channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        handle text NOT NULL,
        title text NOT NULL,
        description text,
        sign_posts boolean NOT NULL DEFAULT false,
        subscriber_count int NOT NULL DEFAULT 0 CHECK (subscriber_count >= 0),
        search_doc text NOT NULL,
        compact_key text NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Handles are unique case-insensitively and kept as their owner typed them.
    await q.query(`CREATE UNIQUE INDEX channels_handle_key ON channels (lower(handle))`);
    await q.query(`CREATE INDEX channels_directory ON channels (subscriber_count DESC, id)`);
    await q.query(`CREATE INDEX channels_search ON channels USING gin (to_tsvector('simple', search_doc))`);
    await q.query(`CREATE INDEX channels_compact_trgm ON channels USING gin (compact_key public.gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE channel_admins (
        channel_id uuid NOT NULL REFERENCES channels(id),
        user_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('OWNER', 'ADMIN')),
        added_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel_id, user_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX channel_admins_one_owner ON channel_admins (channel_id) WHERE role = 'OWNER'`);

    await q.query(`
      CREATE TABLE subscriptions (
        user_id uuid NOT NULL,
        channel_id uuid NOT NULL REFERENCES channels(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, channel_id)
      )`);
    await q.query(`CREATE INDEX subscriptions_channel ON subscriptions (channel_id)`);

    // published_at is the scheduled time for a scheduled post: readers see a
    // post once published_at <= now(). announced_at marks the live event as
    // sent (see live/announcer.service.ts). Timestamps are whole milliseconds,
    // so that cursors carry them exactly.
    await q.query(`
      CREATE TABLE posts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel_id uuid NOT NULL REFERENCES channels(id),
        author_id uuid,
        feed_source_id uuid,
        title text,
        text text NOT NULL,
        url text,
        signature text,
        published_at timestamptz NOT NULL,
        announced_at timestamptz,
        edited_at timestamptz,
        deleted_at timestamptz,
        view_count int NOT NULL DEFAULT 0,
        search_doc text NOT NULL,
        search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_doc)) STORED,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Each channel's posts newest first: channel pages, and the feed's per-channel merge.
    await q.query(`CREATE INDEX posts_channel_time ON posts (channel_id, published_at DESC, id DESC) WHERE deleted_at IS NULL`);
    // The newest posts platform-wide: the feed's and search's first walk (see post-query.service.ts);
    // channel_id rides along so that the feed's walk never touches the table.
    await q.query(`CREATE INDEX posts_time ON posts (published_at DESC, id DESC) INCLUDE (channel_id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX posts_search ON posts USING gin (search_tsv) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX posts_unannounced ON posts (published_at) WHERE announced_at IS NULL AND deleted_at IS NULL`);

    // One row per user per post: the primary key, not the code, makes a view count once.
    await q.query(`
      CREATE TABLE post_views (
        post_id uuid NOT NULL REFERENCES posts(id),
        user_id uuid NOT NULL,
        viewed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (post_id, user_id)
      )`);
    await q.query(`
      CREATE TABLE post_reactions (
        post_id uuid NOT NULL REFERENCES posts(id),
        user_id uuid NOT NULL,
        emoji text NOT NULL,
        reacted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (post_id, user_id)
      )`);

    // A source's polling state lives here, so that any copy can pick it up
    // after a restart; lease_* makes one fetch per source at a time.
    await q.query(`
      CREATE TABLE feed_sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel_id uuid NOT NULL REFERENCES channels(id),
        url text NOT NULL,
        added_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        etag text,
        last_modified text,
        last_fetched_at timestamptz,
        last_error text,
        post_count int NOT NULL DEFAULT 0,
        interval_seconds int NOT NULL,
        failures int NOT NULL DEFAULT 0,
        next_fetch_at timestamptz NOT NULL DEFAULT now(),
        lease_token uuid,
        lease_until timestamptz,
        removed_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX feed_sources_channel_url ON feed_sources (channel_id, url) WHERE removed_at IS NULL`);
    await q.query(`CREATE INDEX feed_sources_due ON feed_sources (next_fetch_at) WHERE removed_at IS NULL`);

    // Every identity of an imported item (guid, link, content hash) per
    // channel: an item any of whose keys is known is not imported again.
    await q.query(`
      CREATE TABLE feed_item_keys (
        channel_id uuid NOT NULL,
        key text NOT NULL,
        post_id uuid,
        source_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feed_item_keys, feed_sources, post_reactions, post_views, posts, subscriptions, channel_admins, channels`);
  }
}
