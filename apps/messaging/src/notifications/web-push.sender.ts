import fs from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import * as webpush from 'web-push';
import { MessagingEnv } from '../config/messaging.env';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** What the push service said: delivered, the subscription is gone for good (404/410), or anything else. */
export type PushOutcome = 'sent' | 'gone' | 'failed';

/**
 * VAPID keys from the environment; outside production, generated once into DATA_DIR (created exclusively,
 * so copies starting together agree); in production without keys, none (Web Push off).
 */
export function resolveVapidKeys(env: MessagingEnv): VapidKeys | null {
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY };
  if (env.production) return null;
  const file = path.join(path.resolve(env.DATA_DIR), 'vapid.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, JSON.stringify(webpush.generateVAPIDKeys()), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  for (let i = 0; i < 50; i++) {
    const text = fs.readFileSync(file, 'utf8').trim();
    if (text) return JSON.parse(text) as VapidKeys;
  }
  throw new Error(`empty VAPID key file ${file}`);
}

/** Sends through the web-push library: payload encrypted for the browser (RFC 8291), VAPID-signed (RFC 8292). */
@Injectable()
export class WebPushSender {
  readonly keys: VapidKeys | null;
  private readonly agent: https.Agent;

  constructor(private readonly env: MessagingEnv) {
    this.keys = resolveVapidKeys(env);
    const extra = env.PUSH_EXTRA_CA_FILE ? fs.readFileSync(env.PUSH_EXTRA_CA_FILE, 'utf8') : null;
    this.agent = new https.Agent({ keepAlive: true, ...(extra ? { ca: [...tls.rootCertificates, extra] } : {}) });
  }

  /** `topic` makes the push service replace an undelivered notification of the same conversation (RFC 8030 §5.4). */
  async send(target: PushTarget, payload: string, topic: string): Promise<{ outcome: PushOutcome; status?: number }> {
    if (!this.keys) return { outcome: 'failed' };
    try {
      const res = await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        payload,
        {
          vapidDetails: { subject: this.env.VAPID_SUBJECT, ...this.keys },
          TTL: this.env.PUSH_TTL_SECONDS,
          topic,
          urgency: 'normal',
          timeout: this.env.PUSH_TIMEOUT_MS,
          agent: this.agent,
        },
      );
      return { outcome: 'sent', status: res.statusCode };
    } catch (err) {
      const status = err instanceof webpush.WebPushError ? err.statusCode : undefined;
      return { outcome: status === 404 || status === 410 ? 'gone' : 'failed', status };
    }
  }
}
