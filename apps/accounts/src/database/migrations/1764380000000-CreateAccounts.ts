import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccounts1764380000000 implements MigrationInterface {
  name = 'CreateAccounts1764380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        phone text NOT NULL UNIQUE,
        display_name text NOT NULL,
        username text,
        bio text,
        show_last_seen boolean NOT NULL DEFAULT true,
        last_seen_at timestamptz,
        password_hash text,
        password_failures int NOT NULL DEFAULT 0,
        password_locked_until timestamptz,
        search_key text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Usernames are unique case-insensitively, and kept as their owner typed them.
    await q.query(`CREATE UNIQUE INDEX users_username_key ON users (lower(username)) WHERE username IS NOT NULL`);
    await q.query(`CREATE INDEX users_search_key_trgm ON users USING gin (search_key public.gin_trgm_ops)`);

    // One live code per number; attempts counts every try, right or wrong.
    await q.query(`
      CREATE TABLE login_codes (
        phone text PRIMARY KEY,
        code_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        sent_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Fixed-window counters shared by every copy of the service.
    await q.query(`
      CREATE TABLE rate_counters (
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        count int NOT NULL,
        PRIMARY KEY (key, window_start)
      )`);

    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        device_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_active_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoke_reason text
      )`);
    await q.query(`CREATE INDEX sessions_user_live ON sessions (user_id) WHERE revoked_at IS NULL`);

    // Refresh tokens are stored as SHA-256 hashes; a spent one is kept to detect reuse.
    await q.query(`
      CREATE TABLE refresh_tokens (
        token_hash text PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES sessions(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        spent_at timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id)`);

    await q.query(`
      CREATE TABLE blocks (
        blocker_id uuid NOT NULL REFERENCES users(id),
        blocked_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (blocker_id, blocked_id)
      )`);
    await q.query(`CREATE INDEX blocks_blocked ON blocks (blocked_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE blocks, refresh_tokens, sessions, rate_counters, login_codes, users`);
  }
}
