import { DomainError } from '@app/common';
import { checkPushSubscription, collapse, PendingMessage, pushPayload, shouldNotify, topicOf } from './push.rules';

const message = (over: Partial<PendingMessage> = {}): PendingMessage => ({
  userId: 'bob',
  conversationId: '11111111-2222-3333-4444-555555555555',
  conversationKind: 'DIRECT',
  conversationTitle: null,
  messageId: 'm1',
  messageKind: 'TEXT',
  senderId: 'alice',
  text: 'سلام',
  muted: false,
  ...over,
});
const ALL = { notifyOf: 'ALL' as const, showPreviews: true };

describe('shouldNotify', () => {
  it('is false for a muted conversation, own messages and SYSTEM messages', () => {
    expect(shouldNotify(message(), ALL)).toBe(true);
    expect(shouldNotify(message({ muted: true }), ALL)).toBe(false);
    expect(shouldNotify(message({ senderId: 'bob' }), ALL)).toBe(false);
    expect(shouldNotify(message({ messageKind: 'SYSTEM', senderId: null }), ALL)).toBe(false);
  });

  it('follows "notify me of"', () => {
    const group = message({ conversationKind: 'GROUP' });
    expect(shouldNotify(group, { ...ALL, notifyOf: 'DIRECT' })).toBe(false);
    expect(shouldNotify(message(), { ...ALL, notifyOf: 'DIRECT' })).toBe(true);
    expect(shouldNotify(message(), { ...ALL, notifyOf: 'NONE' })).toBe(false);
  });
});

describe('collapse', () => {
  it('keeps the newest message per conversation with a count, ordered by last activity', () => {
    const a1 = message({ conversationId: 'a', messageId: '1' });
    const b1 = message({ conversationId: 'b', messageId: '2' });
    const a2 = message({ conversationId: 'a', messageId: '3' });
    expect(collapse([a1, b1, a2])).toEqual([
      { last: b1, count: 1 },
      { last: a2, count: 2 },
    ]);
  });
});

describe('pushPayload', () => {
  it('names the sender (and the group) with a preview cut at 120 characters', () => {
    expect(pushPayload({ last: message(), count: 1 }, 'آلیس', true)).toMatchObject({ title: 'آلیس', body: 'سلام' });
    const long = message({ conversationKind: 'GROUP', conversationTitle: 'تیم', text: 'ب'.repeat(300) });
    const p = pushPayload({ last: long, count: 3 }, 'آلیس', true);
    expect(p.title).toBe('تیم');
    expect([...p.body]).toHaveLength('آلیس: '.length + 120);
    expect(p.count).toBe(3);
  });

  it('says only that something arrived when previews are hidden', () => {
    const p = pushPayload({ last: message(), count: 1 }, 'آلیس', false);
    expect(p).toMatchObject({ title: 'پیام جدید', body: '' });
    expect(JSON.stringify(p)).not.toMatch(/آلیس|سلام/);
  });

  it('labels messages without text by their kind', () => {
    expect(pushPayload({ last: message({ text: null, messageKind: 'PAYMENT' }), count: 1 }, 'آلیس', true).body).toBe('پرداخت');
  });
});

describe('topicOf', () => {
  it('is the conversation id without dashes: 32 URL-safe characters', () => {
    expect(topicOf('11111111-2222-3333-4444-555555555555')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('checkPushSubscription', () => {
  const p256dh = Buffer.alloc(65, 4).toString('base64url');
  const auth = Buffer.alloc(16, 1).toString('base64url');
  const field = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (err) {
      return (err as DomainError).extra.field;
    }
  };

  it('takes an https endpoint with a 65-byte key and a 16-byte secret', () => {
    expect(field(() => checkPushSubscription('https://fcm.googleapis.com/fcm/send/x', p256dh, auth))).toBeNull();
  });

  it.each([
    ['http://push.example/x', p256dh, auth, 'endpoint'],
    ['https://user:pw@push.example/x', p256dh, auth, 'endpoint'],
    ['nonsense', p256dh, auth, 'endpoint'],
    ['https://push.example/x', 'AAAA', auth, 'p256dh'],
    ['https://push.example/x', p256dh, 'a+b/', 'auth'],
  ])('refuses endpoint %s, key %s, secret %s (field %s)', (endpoint, key, secret, expected) => {
    expect(field(() => checkPushSubscription(endpoint, key, secret))).toBe(expected);
  });
});
