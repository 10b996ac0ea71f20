import { DomainError } from '@app/common';
import { cleanClientId, cleanNote, splitShares } from './chat-money.rules';

describe('splitShares', () => {
  it('gives equal whole-rial shares and puts the remainder on the creator', () => {
    expect(splitShares(100_000n, 'c', ['a', 'b'])).toEqual([
      { userId: 'c', amount: 33_334n },
      { userId: 'a', amount: 33_333n },
      { userId: 'b', amount: 33_333n },
    ]);
  });

  it('counts the creator once, whether or not named, and each member once', () => {
    const shares = splitShares(90_000n, 'c', ['a', 'c', 'a', 'b']);
    expect(shares.map((s) => s.userId)).toEqual(['c', 'a', 'b']);
    expect(shares.reduce((sum, s) => sum + s.amount, 0n)).toBe(90_000n);
  });

  it('refuses a split of one, and a bill smaller than the number of sharers', () => {
    expect(() => splitShares(1000n, 'c', ['c'])).toThrow(DomainError);
    expect(() => splitShares(2n, 'c', ['a', 'b'])).toThrow(/too small/);
  });
});

describe('cleanNote and cleanClientId', () => {
  it('normalizes a note, treats blank as none and refuses a long one', () => {
    expect(cleanNote('  شام  ')).toBe('شام');
    expect(cleanNote('   ')).toBeNull();
    expect(cleanNote(null)).toBeNull();
    expect(() => cleanNote('x'.repeat(501))).toThrow(DomainError);
  });

  it('takes a clientId of 1..64 characters', () => {
    expect(cleanClientId(' abc ')).toBe('abc');
    expect(() => cleanClientId(' ')).toThrow(DomainError);
    expect(() => cleanClientId('x'.repeat(65))).toThrow(DomainError);
  });
});
