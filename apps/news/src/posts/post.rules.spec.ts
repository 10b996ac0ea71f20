import { DomainError } from '@app/common';
import { decodeCursor, encodeCursor } from '../paging/cursor';
import { cleanEmoji, cleanPostText, cleanPostUrl, scheduledTime } from './post.rules';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as DomainError).extra.field;
  }
  return undefined;
};

describe('cursors', () => {
  it('round-trip the position and the id', () => {
    const id = '0b3c6f0e-8d4e-4c4a-9d0a-6f1f2e3d4c5b';
    expect(decodeCursor('post', encodeCursor('post', 1764380000123, id))).toEqual({ key: 1764380000123, id });
  });

  it('are refused when garbled, of another list, or not ours', () => {
    const id = '0b3c6f0e-8d4e-4c4a-9d0a-6f1f2e3d4c5b';
    expect(fieldOf(() => decodeCursor('post', encodeCursor('channel', 3, id)))).toBe('after');
    expect(fieldOf(() => decodeCursor('post', 'garbage'))).toBe('after');
    expect(fieldOf(() => decodeCursor('post', Buffer.from(`post:1e3:${id}`).toString('base64url')))).toBe('after');
    expect(fieldOf(() => decodeCursor('post', Buffer.from(`post:1:x' OR 1=1`).toString('base64url')))).toBe('after');
    expect(decodeCursor('post', null)).toBeNull();
  });
});

describe('post rules', () => {
  it('counts characters, not UTF-16 units, against the text limit', () => {
    expect(cleanPostText('😀'.repeat(10), 10)).toBe('😀'.repeat(10));
    expect(fieldOf(() => cleanPostText('😀'.repeat(11), 10))).toBe('text');
  });

  it('takes http(s) links only', () => {
    expect(cleanPostUrl(' https://example.com/a b ')).toBe('https://example.com/a%20b');
    expect(cleanPostUrl('')).toBeNull();
    expect(fieldOf(() => cleanPostUrl('data:text/html,x'))).toBe('url');
  });

  it('reads scheduledAt, refusing garbage and times over a year ahead', () => {
    expect(scheduledTime('2026-12-01T10:00:00Z', new Date('2026-11-29T00:00:00Z'))!.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(scheduledTime(null)).toBeNull();
    expect(fieldOf(() => scheduledTime('tomorrow'))).toBe('scheduledAt');
    expect(fieldOf(() => scheduledTime('2028-01-01T00:00:00Z', new Date('2026-11-29T00:00:00Z')))).toBe('scheduledAt');
  });

  it('takes one emoji and gives null to remove', () => {
    expect(cleanEmoji('👍')).toBe('👍');
    expect(cleanEmoji(null)).toBeNull();
    expect(fieldOf(() => cleanEmoji('ok'))).toBe('emoji');
  });
});
