import { DomainError } from '@app/common';
import { cleanGroupHandle, cleanLinkOptions, linkClosedReason, newInviteToken } from './invite.rules';

const now = new Date('2026-12-01T10:00:00Z');
const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as DomainError).extra.field;
  }
  return undefined;
};

describe('invite rules', () => {
  it('handles: lower-cased, @ dropped, 5..32 of a-z0-9_ from a letter; empty removes', () => {
    expect(cleanGroupHandle(' @Tehran_Devs ')).toBe('tehran_devs');
    expect(cleanGroupHandle('')).toBeNull();
    expect(cleanGroupHandle(null)).toBeNull();
    for (const bad of ['abc', '1tehran', 'تهران_دو', 'a'.repeat(33), 'has space'])
      expect(fieldOf(() => cleanGroupHandle(bad))).toBe('handle');
  });

  it('tokens are 22 URL-safe characters and differ', () => {
    const a = newInviteToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newInviteToken()).not.toBe(a);
  });

  it('link options: expiry ahead, no use limit with approval, names cleaned', () => {
    expect(cleanLinkOptions({ name: '  دوستان   دانشگاه ', requiresApproval: false }, now).name).toBe('دوستان دانشگاه');
    expect(fieldOf(() => cleanLinkOptions({ expiresAt: '2026-12-01T09:59:59Z', requiresApproval: false }, now))).toBe('expiresAt');
    expect(fieldOf(() => cleanLinkOptions({ usageLimit: 5, requiresApproval: true }, now))).toBe('usageLimit');
    expect(cleanLinkOptions({ usageLimit: 5, expiresAt: '2026-12-02T00:00:00Z', requiresApproval: false }, now)).toEqual({
      name: null,
      expiresAt: new Date('2026-12-02T00:00:00Z'),
      usageLimit: 5,
      requiresApproval: false,
    });
  });

  it('a link closes when revoked, expired or used up', () => {
    const open = { revoked_at: null, expires_at: null, usage_limit: null, use_count: 100 };
    expect(linkClosedReason(open, now)).toBeNull();
    expect(linkClosedReason({ ...open, revoked_at: now }, now)).toBe('REVOKED');
    expect(linkClosedReason({ ...open, expires_at: now }, now)).toBe('EXPIRED');
    expect(linkClosedReason({ ...open, usage_limit: 100 }, now)).toBe('USED_UP');
    expect(linkClosedReason({ ...open, usage_limit: 101 }, now)).toBeNull();
  });
});
