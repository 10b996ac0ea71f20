import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { BackgroundLoop, LOGGER, queryRows } from '@app/common';
import { NotifyOf } from '@app/contracts';
import { AccountsClient } from '../clients/accounts.client';
import { MessagingEnv } from '../config/messaging.env';
import { forgetCursorWithoutBrowsers } from './notification.service';
import { collapse, PendingMessage, pushPayload, RecipientSettings, shouldNotify, topicOf } from './push.rules';
import { PushTarget, WebPushSender } from './web-push.sender';

/** Users whose streams one pass reads, and updates read per user per pass. */
const USERS_PER_PASS = 50;
const UPDATES_PER_USER = 200;

/**
 * Web Push from the update streams. Each user with a registered browser has a
 * cursor in their stream (push_cursors); a pass claims cursors that have new
 * updates (FOR UPDATE SKIP LOCKED, so copies share users and never push the
 * same update twice at once), reads the new MessageAdded updates, keeps those
 * the user is to be told of (not muted, not their own, "notify me of"), sends
 * one push per conversation (Topic: the conversation, so a push service
 * replaces an undelivered one) to each browser, drops browsers whose push
 * service answers 404/410, and moves the cursor, all in one transaction.
 * Pushes are at least once: a crash after sending and before the commit sends
 * them again, which the Topic collapses.
 */
@Injectable()
export class PushWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly ds: DataSource,
    private readonly env: MessagingEnv,
    private readonly sender: WebPushSender,
    private readonly accounts: AccountsClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new BackgroundLoop(
      () => this.passUntilIdle(),
      env.PUSH_POLL_MS,
      (err) => this.logger.error({ err }, 'push pass failed'),
      { skipBusyTicks: true },
    );
  }

  onApplicationBootstrap(): void {
    if (this.env.PUSH_WORKER && this.sender.keys) this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  private async passUntilIdle(): Promise<void> {
    while (!this.loop.stopped && (await this.passOnce()) === USERS_PER_PASS);
  }

  /** One pass; the number of users whose streams it read. */
  async passOnce(): Promise<number> {
    return this.ds.transaction(async (db) => {
      const claimed = await queryRows<{ user_id: string }>(
        db,
        `SELECT c.user_id FROM push_cursors c
          WHERE EXISTS (SELECT 1 FROM updates u WHERE u.user_id = c.user_id AND u.pos > c.pos)
          ORDER BY c.user_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [USERS_PER_PASS],
      );
      for (const user of claimed) await this.pushFor(db, user.user_id);
      return claimed.length;
    });
  }

  private async pushFor(db: EntityManager, userId: string): Promise<void> {
    const rows = await queryRows<PendingMessage & { pos: string }>(
      db,
      `SELECT u.pos::text AS pos, u.user_id AS "userId", u.conversation_id AS "conversationId", c.kind AS "conversationKind",
              c.title AS "conversationTitle", m.id AS "messageId", m.kind AS "messageKind", m.sender_id AS "senderId", m.text,
              coalesce(mb.muted, true) AS muted
         FROM push_cursors pc
         CROSS JOIN LATERAL (SELECT * FROM updates x WHERE x.user_id = pc.user_id AND x.pos > pc.pos ORDER BY x.pos LIMIT $2) u
         LEFT JOIN messages m ON u.type = 'MessageAdded' AND m.id = u.message_id AND m.deleted_at IS NULL
         LEFT JOIN conversations c ON c.id = u.conversation_id
         LEFT JOIN members mb ON mb.conversation_id = u.conversation_id AND mb.user_id = u.user_id AND mb.left_at IS NULL
        WHERE pc.user_id = $1
        ORDER BY u.pos`,
      [userId, UPDATES_PER_USER],
    );
    if (!rows.length) return;
    const settings = await this.settingsOf(db, userId);
    const wanted = rows.filter((r) => r.messageId && shouldNotify(r, settings));
    if (wanted.length) await this.send(db, userId, settings, wanted);
    await db.query(`UPDATE push_cursors SET pos = $2 WHERE user_id = $1`, [userId, rows[rows.length - 1].pos]);
  }

  private async send(db: EntityManager, userId: string, settings: RecipientSettings, messages: PendingMessage[]): Promise<void> {
    const targets = await queryRows<PushTarget & { id: string }>(
      db,
      `SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = $1`,
      [userId],
    );
    const notifications = collapse(messages);
    const senders = settings.showPreviews
      ? await this.accounts.users(userId, [...new Set(notifications.map((n) => n.last.senderId).filter((id): id is string => !!id))])
      : new Map();
    const gone = new Set<string>();
    for (const n of notifications) {
      const payload = JSON.stringify(pushPayload(n, senders.get(n.last.senderId ?? '')?.displayName ?? null, settings.showPreviews));
      for (const target of targets.filter((t) => !gone.has(t.id))) {
        const { outcome, status } = await this.sender.send(target, payload, topicOf(n.last.conversationId));
        if (outcome === 'gone') gone.add(target.id);
        if (outcome !== 'sent') this.logger.warn({ subscriptionId: target.id, status, outcome }, 'push not delivered');
      }
    }
    if (gone.size) {
      await db.query(`DELETE FROM push_subscriptions WHERE id = ANY($1::uuid[])`, [[...gone]]);
      await forgetCursorWithoutBrowsers(db, userId);
    }
  }

  private async settingsOf(db: EntityManager, userId: string): Promise<RecipientSettings> {
    const [row] = await queryRows<{ notify_of: NotifyOf; show_previews: boolean }>(
      db,
      `SELECT notify_of, show_previews FROM notification_settings WHERE user_id = $1`,
      [userId],
    );
    return { notifyOf: row?.notify_of ?? 'ALL', showPreviews: row?.show_previews ?? true };
  }
}
