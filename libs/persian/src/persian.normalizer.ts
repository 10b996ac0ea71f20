/**
 * The platform's single Persian text normalizer (spec: ../shared/persian.md).
 *
 * Two foldings that must never be mixed:
 *  - normalizeDisplayText: conservative repair of text people will see; stored as written otherwise.
 *  - searchKey (+ searchDocument / compactKey / searchTerms / toTsQuery): aggressive folding applied
 *    identically at index time and at query time, because neither PostgreSQL nor SQLite folds
 *    ي/ی, ك/ک, digits, tatweel or diacritics for us.
 * Regexes use \u escapes on purpose: ZWNJ, ZWSP, RLM… are invisible in source and easy to mistype.
 */

const ZWNJ = '\u200C';

/** Invisible characters except ZWNJ and ZWJ (both handled by each folding on their own terms). */
const INVISIBLE_CHARS = '\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF';
const INVISIBLE_RE = new RegExp(`[${INVISIBLE_CHARS}\\u200D]`, 'g');
const INVISIBLE_EXCEPT_ZWJ_RE = new RegExp(`[${INVISIBLE_CHARS}]`, 'g');
/**
 * ZWJ glues emoji sequences (👨‍👩‍👧, 🏳️‍🌈); removing it there would visibly break stored messages,
 * so display folding only drops the ZWJs that are not between two pictographs.
 */
const STRAY_ZWJ_RE = /(?<!\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}]|\uFE0F)?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

const TATWEEL_RE = /\u0640/g;
/** Harakat, Quranic annotation marks, superscript alef, and the combining hamza U+0654 (as in هٔ). */
const MARKS_RE = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const PRESENTATION_FORMS_RE = /[\uFB50-\uFDFF\uFE70-\uFEFE]+/g;

const PERSIAN_DIGITS_RE = /[\u06F0-\u06F9]/g;
const ARABIC_INDIC_DIGITS_RE = /[\u0660-\u0669]/g;

const YEH = '\u06CC';
const KEHEH = '\u06A9';
const HEH = '\u0647';
const ALEF = '\u0627';
const WAW = '\u0648';

const SEARCH_LETTER_FOLDS: Readonly<Record<string, string>> = {
  '\u064A': YEH, // ي
  '\u0649': YEH, // ى
  '\u06CD': YEH, // ۍ
  '\u06D0': YEH, // ې
  '\u06D2': YEH, // ے
  '\u0626': YEH, // ئ
  '\u0643': KEHEH, // ك
  '\u06AA': KEHEH, // ڪ
  '\u0629': HEH, // ة
  '\u06C0': HEH, // ۀ
  '\u06C2': HEH, // ۂ
  '\u06C3': HEH, // ۃ
  '\u06D5': HEH, // ە
  '\u06BE': HEH, // ھ
  '\u06C1': HEH, // ہ
  '\u0623': ALEF, // أ
  '\u0625': ALEF, // إ
  '\u0671': ALEF, // ٱ
  '\u0622': ALEF, // آ
  '\u0624': WAW, // ؤ
};
const SEARCH_LETTER_FOLDS_RE = new RegExp(`[${Object.keys(SEARCH_LETTER_FOLDS).join('')}]`, 'g');

/** Display folding rewrites only the Arabic yeh/kaf that Arabic keyboards and Windows-1256 produce. */
const DISPLAY_LETTER_FOLDS: Readonly<Record<string, string>> = {
  '\u064A': YEH,
  '\u0649': YEH,
  '\u0643': KEHEH,
};
const DISPLAY_LETTER_FOLDS_RE = /[\u064A\u0649\u0643]/g;

const PERSIAN_PUNCTUATION: Readonly<Record<string, string>> = {
  '\u060C': ',', // ،
  '\u061B': ';', // ؛
  '\u061F': '?', // ؟
  '\u066A': '%', // ٪
  '\u00AB': '"', // «
  '\u00BB': '"', // »
};
const PERSIAN_PUNCTUATION_RE = /[\u060C\u061B\u061F\u066A\u00AB\u00BB]/g;

/** پ چ ژ گ ک ی and Persian digits do not occur in Arabic text. */
const PERSIAN_SPECIFIC_RE = /[\u067E\u0686\u0698\u06AF\u06A9\u06CC\u06F0-\u06F9]/;
const TEH_MARBUTA = '\u0629';
const LETTER_RE = /\p{L}/gu;
const ARABIC_SCRIPT_LETTER_RE = /(?=\p{Script=Arabic})\p{L}/gu;

/** Horizontal space-like characters; line breaks are handled separately so paragraphs survive. */
const INLINE_SPACES_RE = /[ \t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;
const LINE_BREAK_RE = /\r\n?|[\u0085\u2028\u2029]/g;

const NOT_LETTER_OR_DIGIT_RE = /[^\p{L}\p{N}]+/u;
const EDGE_NON_WORD_RE = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const SPACE_OR_PUNCTUATION_RE = /[\s\p{P}]+/gu;

/** Persian and Arabic-Indic digits → ASCII. Used on every numeric identifier a person types. */
export function toAsciiDigits(s: string): string {
  return s
    .replace(PERSIAN_DIGITS_RE, (d) => String.fromCharCode(d.charCodeAt(0) - 0x06f0 + 48))
    .replace(ARABIC_INDIC_DIGITS_RE, (d) => String.fromCharCode(d.charCodeAt(0) - 0x0660 + 48));
}

/**
 * Heuristic for "Persian text" (display folding must leave genuine Arabic alone):
 *  1. any Persian-only letter or digit (پ چ ژ گ ک ی ۰-۹) → Persian;
 *  2. otherwise teh marbuta (ة), common in Arabic and practically absent from modern Persian → not Persian;
 *  3. otherwise Persian when Arabic-script letters are at least half of all letters: on this platform an
 *     Arabic-script text without Arabic markers is almost always Persian typed on an Arabic keyboard
 *     (e.g. legacy Windows-1256 text, which has no ی at all).
 * The decision is per text, so an Arabic quotation inside a Persian post is folded with it.
 */
function isPersianText(s: string): boolean {
  if (PERSIAN_SPECIFIC_RE.test(s)) return true;
  if (s.includes(TEH_MARBUTA)) return false;
  const arabicLetters = s.match(ARABIC_SCRIPT_LETTER_RE)?.length ?? 0;
  const letters = s.match(LETTER_RE)?.length ?? 0;
  return arabicLetters > 0 && arabicLetters * 2 >= letters;
}

/**
 * Folding for display and storage: repairs only what cannot change meaning. ASCII digits, URLs, codes,
 * tatweel and diacritics stay as written; paragraphs (blank-line separated) are kept.
 */
export function normalizeDisplayText(s: string): string {
  let text = s
    .replace(LINE_BREAK_RE, '\n')
    // Full NFKC would also rewrite fullwidth digits, superscripts, ligatures like ﬁ…; only the
    // Arabic presentation forms (legacy PDF/font encodings) are safe to decompose.
    .replace(PRESENTATION_FORMS_RE, (m) => m.normalize('NFKC'))
    .normalize('NFC')
    .replace(INVISIBLE_EXCEPT_ZWJ_RE, '')
    .replace(STRAY_ZWJ_RE, '');

  if (isPersianText(text)) {
    text = text.replace(DISPLAY_LETTER_FOLDS_RE, (c) => DISPLAY_LETTER_FOLDS[c]);
  }

  text = dropStrayZwnj(text);

  return text
    .split('\n')
    .map((line) => line.replace(INLINE_SPACES_RE, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A ZWNJ only means something between two letters; elsewhere it just breaks equality and search. */
function dropStrayZwnj(s: string): string {
  return s.replace(/\u200C{2,}/g, ZWNJ).replace(/(?<=^|[\s\p{P}])\u200C|\u200C(?=[\s\p{P}]|$)/gu, '');
}

/**
 * Search folding up to, but not including, ZWNJ → space: searchDocument needs to know which
 * words were written as ZWNJ compounds. Whitespace is not collapsed yet.
 */
function foldForSearch(s: string): string {
  return toAsciiDigits(
    s
      .normalize('NFKC')
      .replace(INVISIBLE_RE, '')
      .replace(TATWEEL_RE, '')
      .replace(SEARCH_LETTER_FOLDS_RE, (c) => SEARCH_LETTER_FOLDS[c])
      .replace(MARKS_RE, ''),
  )
    .replace(/(?<=\d)\u066B(?=\d)/g, '.')
    .replace(/(?<=\d)\u066C(?=\d)/g, '')
    .replace(PERSIAN_PUNCTUATION_RE, (c) => PERSIAN_PUNCTUATION[c])
    .toLowerCase();
}

function collapseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The search key: identical folding for indexed text and for queries. */
export function searchKey(s: string): string {
  return collapseWhitespace(foldForSearch(s).split(ZWNJ).join(' '));
}

/**
 * How many words a compound may be written as and still be found in every spelling: کتاب‌خانه‌ها is
 * three (کتاب خانه ها); longer ones are rare. Both sides use it: the document indexes the joined form of
 * every run of up to this many words, and a query tries every grouping of its words into runs this long.
 */
export const MAX_COMPOUND_PARTS = 3;
/** A query's first words that are tried in every grouping; later words must match as typed. */
const MAX_GROUPED_TERMS = 8;

const WORD_RE = /^[\p{L}\p{N}]+$/u;

/**
 * The text to index: the search key, plus the joined form of every run of 2..MAX_COMPOUND_PARTS adjacent
 * words (a compound written with a ZWNJ or a space is then also found by its joined spelling: کتاب خانه →
 * کتابخانه), plus the joined form of longer ZWNJ compounds. Runs never cross punctuation.
 */
export function searchDocument(s: string): string {
  const folded = foldForSearch(s);
  const key = collapseWhitespace(folded.split(ZWNJ).join(' '));
  const present = new Set(key.split(' '));
  const joined: string[] = [];
  const add = (word: string): void => {
    if (present.has(word)) return;
    present.add(word);
    joined.push(word);
  };
  for (const run of wordRuns(key)) {
    for (let i = 0; i < run.length; i++) {
      for (let n = 2; n <= MAX_COMPOUND_PARTS && i + n <= run.length; n++) add(run.slice(i, i + n).join(''));
    }
  }
  for (const word of folded.split(/\s+/)) {
    if (!word.includes(ZWNJ)) continue;
    const parts = word.replace(EDGE_NON_WORD_RE, '').split(ZWNJ).filter(Boolean);
    if (parts.length > MAX_COMPOUND_PARTS) add(parts.join(''));
  }
  return joined.length ? `${key} ${joined.join(' ')}` : key;
}

/** Runs of adjacent letter-and-digit words, split wherever punctuation or a symbol stands between or inside words. */
function wordRuns(key: string): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  for (const token of key.split(' ')) {
    if (WORD_RE.test(token)) {
      run.push(token);
      continue;
    }
    const lead = /^[\p{L}\p{N}]+/u.exec(token)?.[0];
    if (lead) run.push(lead);
    if (run.length > 1) runs.push(run);
    const trail = /[\p{L}\p{N}]+$/u.exec(token)?.[0];
    run = trail && trail !== token ? [trail] : [];
  }
  if (run.length > 1) runs.push(run);
  return runs;
}

/** Search key without spaces or punctuation: trigram substring search and duplicate detection. */
export function compactKey(s: string): string {
  return searchKey(s).replace(SPACE_OR_PUNCTUATION_RE, '');
}

/**
 * Query words after folding. Words are split at anything that is not a letter or digit, which
 * mirrors how PostgreSQL's parser splits the indexed text (e.g. "a-b" is indexed as "a" and "b").
 */
export function searchTerms(query: string): string[] {
  return searchKey(query)
    .split(NOT_LETTER_OR_DIGIT_RE)
    .filter((term) => term.length > 0);
}

/**
 * A string for to_tsquery('simple', …): every word must match, prefix match on the last one (the word
 * being typed), and adjacent words may match one indexed word written joined, so a query spelled with
 * spaces or ZWNJ finds text written joined. Terms are letters and digits only, so no tsquery operator
 * can be injected.
 *
 * PostgreSQL scans the GIN index once per operand, however often a word is repeated, and a prefix
 * operand of a common word reads every indexed word starting with it (the word and its joined runs), so
 * the query is written to name few operands and each prefix once (bench/README.md, "searchMessages over
 * 1,000,000 messages"):
 *  - up to MAX_COMPOUND_PARTS words: every grouping into runs, split at the last run (the last word, or
 *    the last two or three joined, each the one prefix term of its branch): for کتاب خانه ها,
 *    ((کتاب & خانه | کتابخانه) & ها:* | کتاب & خانهها:* | کتابخانهها:*);
 *  - more words (a grouping of each would be exponential): each word must be found alone or inside a
 *    run of up to MAX_COMPOUND_PARTS adjacent query words joined. This finds everything some grouping
 *    finds, plus the rare text whose runs overlap (ab and bc indexed, a b c asked).
 * Only the first MAX_GROUPED_TERMS words are grouped; later words must match as typed.
 */
export function toTsQuery(query: string): string | null {
  const terms = searchTerms(query);
  if (terms.length === 0) return null;
  if (terms.length <= MAX_COMPOUND_PARTS) return everyGrouping(terms);
  const rest = terms.slice(MAX_GROUPED_TERMS).map((term, i, all) => (i === all.length - 1 ? `${term}:*` : term));
  return [everyWordInARun(terms.slice(0, MAX_GROUPED_TERMS), rest.length === 0), ...rest].join(' & ');
}

/** Every grouping of terms into runs, as an OR over the last run (joined, a prefix) of (the words before it grouped & the run). */
function everyGrouping(terms: string[]): string {
  const options: string[] = [];
  for (let n = 1; n <= MAX_COMPOUND_PARTS && n <= terms.length; n++) {
    const run = `${terms.slice(terms.length - n).join('')}:*`;
    const head = terms.slice(0, terms.length - n);
    options.push(head.length ? `${exactGroupings(head, 0)} & ${run}` : run);
  }
  return options.length > 1 ? `(${options.join(' | ')})` : options[0];
}

/** Every grouping of terms[from..] into runs, exact words: OR over the first run's length of (the run joined & the rest). */
function exactGroupings(terms: string[], from: number): string {
  const options: string[] = [];
  for (let n = 1; n <= MAX_COMPOUND_PARTS && from + n <= terms.length; n++) {
    const word = terms.slice(from, from + n).join('');
    options.push(from + n === terms.length ? word : `${word} & ${exactGroupings(terms, from + n)}`);
  }
  return options.length > 1 ? `(${options.join(' | ')})` : options[0];
}

/** AND over the terms of (the term, or any run of up to MAX_COMPOUND_PARTS adjacent terms holding it, joined). */
function everyWordInARun(terms: string[], prefixLast: boolean): string {
  const last = terms.length - 1;
  return terms
    .map((_, i) => {
      const runs: string[] = [];
      for (let from = Math.max(0, i - MAX_COMPOUND_PARTS + 1); from <= i; from++) {
        for (let to = i; to <= last && to - from < MAX_COMPOUND_PARTS; to++) {
          runs.push(terms.slice(from, to + 1).join('') + (prefixLast && to === last ? ':*' : ''));
        }
      }
      return `(${runs.join(' | ')})`;
    })
    .join(' & ');
}
