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

/**
 * The query as issue 17 first built it (up to 3 December 2026): every grouping of the first eight words
 * into runs, split at the first run, so the last word's prefix term was named once per grouping of the
 * words before it (bench/README.md, "searchMessages over 1,000,000 messages").
 */
export function firstRunTsQuery(query: string): string | null {
  const terms = searchTerms(query);
  if (terms.length === 0) return null;
  const grouped = terms.slice(0, 8);
  const rest = terms.slice(8);
  const head = firstRunGroupings(grouped, 0, rest.length === 0);
  return [head, ...rest.map((term, i) => (i === rest.length - 1 ? `${term}:*` : term))].join(' & ');
}

function firstRunGroupings(terms: string[], from: number, prefixLast: boolean): string {
  const options: string[] = [];
  for (let n = 1; n <= 3 && from + n <= terms.length; n++) {
    const end = from + n === terms.length;
    const word = terms.slice(from, from + n).join('') + (end && prefixLast ? ':*' : '');
    options.push(end ? word : `${word} & ${firstRunGroupings(terms, from + n, prefixLast)}`);
  }
  return options.length > 1 ? `(${options.join(' | ')})` : options[0];
}
