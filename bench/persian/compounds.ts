// Compounds that Persian writes with a ZWNJ, derived from a public word list
// (@cspell/dict-fa-ir: ~773k inflected forms, written without ZWNJ) by the
// rules that place one. A split is taken only when the dictionary confirms
// it, so that میز (a table) is not split as می + ز:
//  - verbal prefixes: می / نمی + a past form (رفتم, رفتند…) of a verb whose infinitive (رفتن) and
//    forms are in the list (the list itself holds no می/نمی forms: it is written without ZWNJ and
//    leaves them out), and می + X when نمی + X is also a word;
//  - plurals: X + ها / های / هایی when X is a word;
//  - comparatives: X + تر when X + ترین is also a word (and the reverse);
//  - after a final ه: X + ای / ام / ات / اش / ایم / اید / اند when X is a word;
//  - three parts: a plural of a superlative (بزرگ + ترین + ها), each split confirmed as above.
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export type Rule = 'می' | 'نمی' | 'ها' | 'های' | 'هایی' | 'تر' | 'ترین' | 'ه+ضمیر' | 'سه‌جزئی';

export interface Compound {
  parts: string[];
  rule: Rule;
}

/**
 * Every word of the dictionary: its trie read by cspell's own reader. cspell-trie-lib is an ES module
 * whose exports have no require() entry, and this build emits CommonJS (which turns import() into
 * require()), so a child Node process reads it as a module and prints the words.
 */
export function dictionaryWords(): string[] {
  const file = path.join(path.dirname(require.resolve('@cspell/dict-fa-ir/cspell-ext.json')), 'fa-IR.trie.gz');
  const reader = `
    import { decodeTrie } from 'cspell-trie-lib';
    import fs from 'node:fs';
    import { execFileSync } from 'node:child_process';
    const trie = decodeTrie(zlib.gunzipSync(fs.readFileSync(process.argv[1])).toString('utf8'));
    process.stdout.write([...trie.words()].join('\\n'));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', reader, file], { maxBuffer: 256 * 1024 * 1024 });
  // '~' marks the list's case- and accent-folded copies of words; Persian has no case: they are duplicates.
  return out
    .toString('utf8')
    .split('\n')
    .filter((w) => w && !w.startsWith('~'));
}

const PAST_ENDINGS = ['م', 'ی', '', 'یم', 'ید', 'ند'];

/** Past continuous forms of every verb whose infinitive ends in تن/دن and whose past forms are in the list. */
function verbalCompounds(words: string[], dict: Set<string>, add: (parts: string[], rule: Rule) => void): void {
  for (const w of words) {
    if (!/[تد]ن$/.test(w) || w.length < 4) continue;
    const stem = w.slice(0, -1);
    if (!dict.has(`${stem}م`) || !dict.has(`${stem}ند`)) continue;
    for (const ending of PAST_ENDINGS) {
      if (!dict.has(stem + ending)) continue;
      add(['می', stem + ending], 'می');
      add(['نمی', stem + ending], 'نمی');
    }
  }
}

const PRONOUNS_AFTER_HEH = ['ای', 'ام', 'ات', 'اش', 'ایم', 'اید', 'اند'];
const MIN_STEM = 2;

export function deriveCompounds(words: string[]): Compound[] {
  const dict = new Set(words);
  const out: Compound[] = [];
  const seen = new Set<string>();
  const add = (parts: string[], rule: Rule) => {
    const key = parts.join('|');
    if (parts.some((p) => p.length === 0) || seen.has(key)) return;
    seen.add(key);
    out.push({ parts, rule });
  };
  verbalCompounds(words, dict, add);
  for (const w of words) {
    if (w.startsWith('نمی') && dict.has(`می${w.slice(3)}`) && w.length - 3 >= MIN_STEM) {
      add(['نمی', w.slice(3)], 'نمی');
      add(['می', w.slice(3)], 'می');
    }
    for (const suffix of ['هایی', 'های', 'ها'] as const) {
      const stem = w.slice(0, -suffix.length);
      if (w.endsWith(suffix) && stem.length >= MIN_STEM && dict.has(stem)) {
        add([stem, suffix], suffix);
        const base = stem.slice(0, -4);
        if (stem.endsWith('ترین') && base.length >= 3 && dict.has(base) && dict.has(`${base}تر`)) add([base, 'ترین', suffix], 'سه‌جزئی');
        break;
      }
    }
    const stem = w.slice(0, -4);
    if (w.endsWith('ترین') && stem.length >= 3 && dict.has(stem) && dict.has(`${stem}تر`)) {
      add([stem, 'ترین'], 'ترین');
      add([stem, 'تر'], 'تر');
    }
    for (const pronoun of PRONOUNS_AFTER_HEH) {
      const stem = w.slice(0, -pronoun.length);
      if (w.endsWith(pronoun) && stem.endsWith('ه') && stem.length > MIN_STEM && dict.has(stem)) add([stem, pronoun], 'ه+ضمیر');
    }
  }
  return out;
}
