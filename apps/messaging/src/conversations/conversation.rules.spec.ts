import { ErrorCode } from '@app/contracts';
import { allow, allowRemove, can, cleanTitle } from './conversation.rules';

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('roles', () => {
  it.each([
    ['OWNER', ['rename', 'addMembers', 'pin', 'deleteOthers', 'setRole']],
    ['ADMIN', ['rename', 'addMembers', 'pin', 'deleteOthers']],
    ['MEMBER', []],
  ] as const)('lets a group %s do exactly %j', (role, allowed) => {
    const actions = ['rename', 'addMembers', 'pin', 'deleteOthers', 'setRole'] as const;
    expect(actions.filter((a) => can('GROUP', role, a))).toEqual(allowed);
  });

  it('allows pinning in a direct conversation, and nothing group-only', () => {
    expect(can('DIRECT', 'MEMBER', 'pin')).toBe(true);
    expect(can('DIRECT', 'MEMBER', 'deleteOthers')).toBe(false);
    expect(codeOf(() => allow('DIRECT', 'MEMBER', 'rename'))).toBe(ErrorCode.BadUserInput);
    expect(codeOf(() => allow('GROUP', 'MEMBER', 'rename'))).toBe(ErrorCode.Forbidden);
    expect(codeOf(() => allow('GROUP', 'ADMIN', 'rename'))).toBeUndefined();
  });

  it.each([
    ['OWNER', 'ADMIN', undefined],
    ['OWNER', 'MEMBER', undefined],
    ['OWNER', 'OWNER', ErrorCode.Forbidden],
    ['ADMIN', 'MEMBER', undefined],
    ['ADMIN', 'ADMIN', ErrorCode.Forbidden],
    ['ADMIN', 'OWNER', ErrorCode.Forbidden],
    ['MEMBER', 'MEMBER', ErrorCode.Forbidden],
  ] as const)('lets a %s remove a %s: %s', (actor, target, expected) => {
    expect(codeOf(() => allowRemove('GROUP', actor, target))).toBe(expected);
  });
});

describe('cleanTitle', () => {
  it('makes runs of spaces one and trims the ends', () => {
    expect(cleanTitle('  خانواده \n  بزرگ  ')).toBe('خانواده بزرگ');
  });

  it('refuses an empty title and one over 128 characters', () => {
    expect(codeOf(() => cleanTitle('   '))).toBe(ErrorCode.BadUserInput);
    expect(codeOf(() => cleanTitle('گ'.repeat(129)))).toBe(ErrorCode.BadUserInput);
    expect(cleanTitle('گ'.repeat(128))).toHaveLength(128);
  });
});
