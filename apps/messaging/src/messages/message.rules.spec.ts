import { ErrorCode } from '@app/contracts';
import { checkClientId, checkEmoji, cleanText } from './message.rules';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('message rules', () => {
  describe('cleanText', () => {
    it('keeps lines and digits, repairs Arabic letters in Persian text, and indexes the folded form', () => {
      const { text, searchDoc } = cleanText('  كتاب‌خانه ي ما\r\nسال ۱۴۰۳ ', 4096);
      expect(text).toBe('کتاب‌خانه ی ما\nسال ۱۴۰۳');
      expect(searchDoc.split(' ')).toEqual(expect.arrayContaining(['کتاب', 'خانه', 'کتابخانه', '1403']));
    });

    it('refuses empty text and text over the limit, counting characters not UTF-16 units', () => {
      expect(codeOf(() => cleanText(' \u200c \n', 10))).toBe(ErrorCode.BadUserInput);
      expect(codeOf(() => cleanText('😀'.repeat(10), 10))).toBeUndefined();
      expect(codeOf(() => cleanText('😀'.repeat(11), 10))).toBe(ErrorCode.BadUserInput);
    });
  });

  it('takes clientIds of 1 to 64 characters', () => {
    expect(codeOf(() => checkClientId(''))).toBe(ErrorCode.BadUserInput);
    expect(checkClientId('a'.repeat(64))).toHaveLength(64);
    expect(codeOf(() => checkClientId('a'.repeat(65)))).toBe(ErrorCode.BadUserInput);
  });

  it.each(['👍', '❤️', '👍🏽', '👨‍👩‍👧', '🇮🇷', '1️⃣'])('accepts the emoji %s', (emoji) => {
    expect(checkEmoji(emoji)).toBe(emoji);
  });

  it.each(['', 'a', '12', '#', 'خوب', '👍 خوب', ':+1:'])('refuses %j as a reaction', (emoji) => {
    expect(codeOf(() => checkEmoji(emoji))).toBe(ErrorCode.BadUserInput);
  });
});
