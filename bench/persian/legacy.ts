// The search keys as libs/persian built them before issue 17, kept here only
// so that the bench can show what changed: the indexed text was the search key
// plus the joined form of each ZWNJ compound, and a query was the AND of its
// words with a prefix match on the last.
import { searchKey, searchTerms } from '@app/persian';

const ZWNJ = '\u200C';

export function legacySearchDocument(text: string): string {
  const key = searchKey(text);
  const present = new Set(key.split(' '));
  const joined: string[] = [];
  for (const word of text.split(/\s+/)) {
    if (!word.includes(ZWNJ)) continue;
    const parts = searchKey(word)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    const compound = parts.join('');
    if (parts.length < 2 || present.has(compound)) continue;
    present.add(compound);
    joined.push(compound);
  }
  return joined.length ? `${key} ${joined.join(' ')}` : key;
}

export function legacyTsQuery(query: string): string | null {
  const terms = searchTerms(query);
  if (!terms.length) return null;
  return terms.map((t, i) => (i === terms.length - 1 ? `${t}:*` : t)).join(' & ');
}
