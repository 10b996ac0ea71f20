import { checkMentionInputs, findUsernameMentions, placeMentions } from './mention.rules';

describe('mention rules', () => {
  it('finds @usernames with UTF-16 offsets, not inside e-mail addresses or words', () => {
    const text = 'سلام @Maryam_1 و @ali123، ایمیل a@bob.com و x@carol نه 😀 @sara';
    const found = findUsernameMentions(text);
    expect(found.map((m) => m.username)).toEqual(['maryam_1', 'ali123', 'sara']);
    for (const m of found) expect(text.slice(m.offset, m.offset + m.length).toLowerCase()).toBe(`@${m.username}`);
    // The emoji before @sara is two UTF-16 code units.
    expect(found[2].offset).toBe(text.length - 5);
  });

  it('ignores too-short names and those starting with a digit', () => {
    expect(findUsernameMentions('@ab @1abc @abc')).toEqual([{ offset: 10, length: 4, username: 'abc' }]);
  });

  it('checks picker mentions: inside the text, non-empty, not overlapping', () => {
    const text = 'سلام مریم و علی';
    expect(checkMentionInputs([{ offset: 5, length: 4, userId: 'u' }], text)).toEqual([{ offset: 5, length: 4, userId: 'u' }]);
    expect(() => checkMentionInputs([{ offset: 12, length: 10, userId: 'u' }], text)).toThrow();
    expect(() => checkMentionInputs([{ offset: 0, length: 0, userId: 'u' }], text)).toThrow();
    expect(() =>
      checkMentionInputs(
        [
          { offset: 5, length: 4, userId: 'u' },
          { offset: 7, length: 4, userId: 'v' },
        ],
        text,
      ),
    ).toThrow();
    expect(() => checkMentionInputs([{ offset: '1', length: 2, userId: 'u' }], text)).toThrow();
  });

  it('moves picker mentions with the display repairs of the stored text', () => {
    const original = '   سلام   علي و علي ';
    const stored = 'سلام علی و علی';
    // The second «علي» (offset 16 in the original) is the second «علی» of the stored text.
    const placed = placeMentions(original, stored, [
      { offset: 10, length: 3, userId: 'first' },
      { offset: 16, length: 3, userId: 'second' },
    ]);
    expect(placed).toEqual([
      { offset: 5, length: 3, userId: 'first' },
      { offset: 11, length: 3, userId: 'second' },
    ]);
    expect(stored.slice(11, 14)).toBe('علی');
  });
});
