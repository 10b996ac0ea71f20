import { DomainError } from '@app/common';
import { NotifyOf } from '@app/contracts';

/** A new message in a user's update stream, with what deciding and wording its notification needs. */
export interface PendingMessage {
  userId: string;
  conversationId: string;
  conversationKind: 'DIRECT' | 'GROUP';
  conversationTitle: string | null;
  messageId: string;
  messageKind: string;
  senderId: string | null;
  text: string | null;
  muted: boolean;
}

export interface RecipientSettings {
  notifyOf: NotifyOf;
  showPreviews: boolean;
}

/** One notification per conversation: its newest message and how many arrived. */
export interface CollapsedNotification {
  last: PendingMessage;
  count: number;
}

/** The JSON the service worker receives (apps/web/public/sw.js shows it). */
export interface PushPayload {
  conversationId: string;
  messageId: string;
  title: string;
  body: string;
  count: number;
}

const PREVIEW_MAX = 120;
const BASE64URL_RE = /^[A-Za-z0-9_-]+={0,2}$/;

/** Never for the user's own messages, SYSTEM messages, a muted conversation, or what "notify me of" leaves out. */
export function shouldNotify(m: PendingMessage, settings: RecipientSettings): boolean {
  if (m.muted || m.messageKind === 'SYSTEM' || m.senderId === m.userId) return false;
  if (settings.notifyOf === 'NONE') return false;
  return settings.notifyOf === 'ALL' || m.conversationKind === 'DIRECT';
}

/** Per conversation, in the order the conversations last had a message. */
export function collapse(messages: PendingMessage[]): CollapsedNotification[] {
  const by = new Map<string, CollapsedNotification>();
  for (const m of messages) {
    const seen = by.get(m.conversationId);
    by.delete(m.conversationId);
    by.set(m.conversationId, { last: m, count: (seen?.count ?? 0) + 1 });
  }
  return [...by.values()];
}

const KIND_LABELS: Readonly<Record<string, string>> = {
  PAYMENT: 'پرداخت',
  BILL_PAYMENT: 'پرداخت قبض',
  POST_SHARE: 'پست',
  MONEY_REQUEST: 'درخواست پول',
  BILL_SPLIT: 'تقسیم قبض',
};

/** Sender and preview, or with previews hidden only that something arrived (no name, no text). */
export function pushPayload(n: CollapsedNotification, senderName: string | null, showPreviews: boolean): PushPayload {
  const { last, count } = n;
  const base = { conversationId: last.conversationId, messageId: last.messageId, count };
  if (!showPreviews) return { ...base, title: 'پیام جدید', body: '' };
  const text = last.text ? truncate(last.text) : (KIND_LABELS[last.messageKind] ?? 'پیام');
  const sender = senderName ?? 'کاربر';
  if (last.conversationKind === 'DIRECT') return { ...base, title: sender, body: text };
  return { ...base, title: last.conversationTitle ?? 'گروه', body: `${sender}: ${text}` };
}

function truncate(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length > PREVIEW_MAX ? `${chars.slice(0, PREVIEW_MAX - 1).join('')}…` : chars.join('');
}

/** RFC 8030 Topic: at most 32 URL-safe base64 characters; a conversation id without its dashes is 32 hex digits. */
export function topicOf(conversationId: string): string {
  return conversationId.replace(/-/g, '').slice(0, 32);
}

/** A push endpoint a browser gave: an https URL (web-push speaks nothing else), with the browser's keys. */
export function checkPushSubscription(endpoint: string, p256dh: string, auth: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw DomainError.badInput('endpoint', 'Not a push service URL');
  }
  if (url.protocol !== 'https:') throw DomainError.badInput('endpoint', 'A push endpoint is an https URL');
  if (url.username || url.password) throw DomainError.badInput('endpoint', 'Not a push service URL');
  if (!BASE64URL_RE.test(p256dh) || Buffer.from(p256dh, 'base64url').length !== 65)
    throw DomainError.badInput('p256dh', 'Not a P-256 public key');
  if (!BASE64URL_RE.test(auth) || Buffer.from(auth, 'base64url').length !== 16)
    throw DomainError.badInput('auth', 'Not a 16-byte auth secret');
}
