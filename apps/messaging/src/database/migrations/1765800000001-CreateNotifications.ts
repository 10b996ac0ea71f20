import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (issue 17): each user's settings (no row: every message, with
 * previews), the browsers they registered for Web Push (an endpoint belongs
 * to one user: the browser that registers it again takes it), and how far the
 * push worker has read each such user's update stream.
 */
export class CreateNotifications1765800000001 implements MigrationInterface {
  name = 'CreateNotifications1765800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_settings (
        user_id uuid PRIMARY KEY,
        notify_of text NOT NULL DEFAULT 'ALL' CHECK (notify_of IN ('ALL', 'DIRECT', 'NONE')),
        show_previews boolean NOT NULL DEFAULT true
      )`);
    await q.query(`
      CREATE TABLE push_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        endpoint text NOT NULL UNIQUE,
        p256dh text NOT NULL,
        auth text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id)`);
    // pos: the last update of the user's stream the worker has handled.
    await q.query(`CREATE TABLE push_cursors (user_id uuid PRIMARY KEY, pos bigint NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE push_cursors, push_subscriptions, notification_settings`);
  }
}
