import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRow, queryRows } from '@app/common';
import {
  MessagingViewerRequest,
  NotificationSettingsView,
  NotifyOf,
  PushSubscriptionView,
  RegisterPushSubscriptionRequest,
  RemovePushSubscriptionRequest,
  UpdateNotificationSettingsRequest,
  WebPushConfigView,
} from '@app/contracts';
import { MessagingEnv } from '../config/messaging.env';
import { checkPushSubscription } from './push.rules';
import { WebPushSender } from './web-push.sender';

interface SettingsRow {
  notify_of: NotifyOf;
  show_previews: boolean;
}

const DEFAULTS: NotificationSettingsView = { notifyOf: 'ALL', showPreviews: true };
/** Browsers one user may register; the oldest goes when a new one comes past it. */
const SUBSCRIPTIONS_PER_USER = 20;

/** The user's notification settings and the browsers they registered for Web Push. */
@Injectable()
export class NotificationService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: MessagingEnv,
    private readonly sender: WebPushSender,
  ) {}

  async settings(req: MessagingViewerRequest): Promise<NotificationSettingsView> {
    const row = await queryRow<SettingsRow>(this.ds, `SELECT notify_of, show_previews FROM notification_settings WHERE user_id = $1`, [
      req.viewerId,
    ]);
    return row ? { notifyOf: row.notify_of, showPreviews: row.show_previews } : DEFAULTS;
  }

  /** Fields not given keep their value (one statement, so two concurrent updates of different fields both hold). */
  async updateSettings(req: UpdateNotificationSettingsRequest): Promise<NotificationSettingsView> {
    const [row] = await queryRows<SettingsRow>(
      this.ds,
      `INSERT INTO notification_settings AS s (user_id, notify_of, show_previews) VALUES ($1, coalesce($2, 'ALL'), coalesce($3, true))
       ON CONFLICT (user_id) DO UPDATE SET notify_of = coalesce($2, s.notify_of), show_previews = coalesce($3, s.show_previews)
       RETURNING notify_of, show_previews`,
      [req.viewerId, req.notifyOf ?? null, req.showPreviews ?? null],
    );
    return { notifyOf: row.notify_of, showPreviews: row.show_previews };
  }

  config(): WebPushConfigView {
    return { publicKey: this.sender.keys?.publicKey ?? null };
  }

  /**
   * Registering the same endpoint again (a browser renewing its keys, or another user signing in on it)
   * updates the one row. The worker starts at the head of the user's stream: nothing from before is pushed.
   */
  async register(req: RegisterPushSubscriptionRequest): Promise<PushSubscriptionView> {
    checkPushSubscription(req.endpoint, req.p256dh, req.auth);
    return this.ds.transaction(async (db) => {
      const [row] = await queryRows<{ id: string; endpoint: string; created_at: Date }>(
        db,
        `INSERT INTO push_subscriptions AS s (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)
         ON CONFLICT (endpoint) DO UPDATE SET user_id = $1, p256dh = $3, auth = $4
         RETURNING id, endpoint, created_at`,
        [req.viewerId, req.endpoint, req.p256dh, req.auth],
      );
      await db.query(
        `DELETE FROM push_subscriptions WHERE id IN (
           SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at DESC, id OFFSET $2)`,
        [req.viewerId, SUBSCRIPTIONS_PER_USER],
      );
      await db.query(
        `INSERT INTO push_cursors (user_id, pos) VALUES ($1, coalesce((SELECT max(pos) FROM updates WHERE user_id = $1), 0))
         ON CONFLICT (user_id) DO NOTHING`,
        [req.viewerId],
      );
      return { id: row.id, endpoint: row.endpoint, createdAt: row.created_at.toISOString() };
    });
  }

  /** True when the viewer had registered it; the user's cursor goes with their last browser. */
  async remove(req: RemovePushSubscriptionRequest): Promise<boolean> {
    const gone = await queryRows<{ id: string }>(
      this.ds,
      `DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2 RETURNING id`,
      [req.viewerId, req.endpoint],
    );
    await forgetCursorWithoutBrowsers(this.ds, req.viewerId);
    return gone.length > 0;
  }
}

/** A user with no browser left needs no cursor; a later registration starts again at the head. */
export async function forgetCursorWithoutBrowsers(db: Pick<DataSource, 'query'>, userId: string): Promise<void> {
  await db.query(
    `DELETE FROM push_cursors c WHERE c.user_id = $1 AND NOT EXISTS (SELECT 1 FROM push_subscriptions s WHERE s.user_id = $1)`,
    [userId],
  );
}
