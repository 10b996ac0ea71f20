import { compactKey, normalizeDisplayText, searchDocument, searchKey, searchTerms, toAsciiDigits, toTsQuery } from '@app/persian';

// Invisible characters are spelled as escapes so the tests say exactly what they feed in.
const ZWNJ = '\u200C';
const ZWSP = '\u200B';
const ZWJ = '\u200D';
const LRM = '\u200E';
const RLM = '\u200F';
const ALM = '\u061C';
const BOM = '\uFEFF';
const SHY = '\u00AD';
const NBSP = '\u00A0';
const THIN = '\u2009';

describe('toAsciiDigits', () => {
  it('converts Persian and Arabic-Indic digits to ASCII', () => {
    expect(toAsciiDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(toAsciiDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
  });

  it('changes nothing else (mixed digits, letters, separators)', () => {
    expect(toAsciiDigits('۰۹۱۲-٣٤٥ 67 تومان ٫')).toBe('0912-345 67 تومان ٫');
    expect(toAsciiDigits('abc 123')).toBe('abc 123');
  });
});

describe('searchKey', () => {
  it('matches the examples of persian.md exactly', () => {
    expect(searchKey('قيمت بنزين در سال ١٤٠٣')).toBe('قیمت بنزین در سال 1403');
    expect(searchKey(`كتاب${ZWNJ}خانهٔ ملّی`)).toBe('کتاب خانه ملی');
    expect(searchKey('خبرــــ فوری: زلزلۀ ۵٫۲ ریشتری')).toBe('خبر فوری: زلزله 5.2 ریشتری');
    expect(searchKey(`آیین${ZWNJ}نامه`)).toBe(searchKey('آئین نامه'));
  });

  it('folds Arabic yeh and kaf so علي and علی share a key', () => {
    expect(searchKey('علي')).toBe(searchKey('علی'));
    expect(searchKey('كيك')).toBe('کیک');
  });

  it('folds every yeh variant ي ى ۍ ې ے ئ to ی (U+06CC)', () => {
    for (const c of ['ي', 'ى', 'ۍ', 'ې', 'ے', 'ئ']) expect(searchKey(c)).toBe('\u06CC');
  });

  it('folds ك ڪ to keheh ک (U+06A9)', () => {
    for (const c of ['ك', 'ڪ']) expect(searchKey(c)).toBe('\u06A9');
  });

  it('folds ة ۀ ۂ ۃ ە ھ ہ to ه, including ه followed by a combining hamza', () => {
    for (const c of ['ة', 'ۀ', 'ۂ', 'ۃ', 'ە', 'ھ', 'ہ', 'ه\u0654']) expect(searchKey(c)).toBe('ه');
  });

  it('folds أ إ ٱ آ to ا and ؤ to و', () => {
    for (const c of ['أ', 'إ', 'ٱ', 'آ', 'ا\u0653']) expect(searchKey(c)).toBe('ا');
    expect(searchKey('مسؤول')).toBe('مسوول');
  });

  it('applies NFKC: Arabic presentation forms become ordinary letters', () => {
    expect(searchKey('\uFEE3\uFEE0\uFEF2')).toBe('ملی'); // ﻣﻠﻲ
    expect(searchKey('\uFEFB')).toBe('لا'); // ﻻ ligature
    expect(searchKey('\uFB8E\uFBFC')).toBe('کی'); // ﮎ ﯼ
    expect(searchKey('ＡＢＣ１２')).toBe('abc12');
  });

  it('removes tatweel', () => {
    expect(searchKey('ســـــلام')).toBe('سلام');
  });

  it('removes invisible characters (ZWSP, ZWJ, LRM, RLM, ALM, bidi controls, BOM, soft hyphen)', () => {
    const noisy = `${BOM}سل${ZWSP}ام${RLM} ${LRM}دن${ZWJ}یا${ALM}\u202Bx\u202C\u2067y\u2069${SHY}`;
    expect(searchKey(noisy)).toBe('سلام دنیاxy');
  });

  it('removes harakat, superscript alef and Quranic marks', () => {
    expect(searchKey('مُحَمَّدٌ')).toBe('محمد');
    expect(searchKey('رحمٰن')).toBe('رحمن');
    expect(searchKey('\u0610ب\u061Aب\u06D6ب\u06EDب')).toBe('بببب');
  });

  it('converts Persian and Arabic-Indic digits to ASCII', () => {
    expect(searchKey('۱۴۰۳ ١٤٠٣')).toBe('1403 1403');
  });

  it('turns ٫ between digits into "." and drops ٬ between digits', () => {
    expect(searchKey('۳٫۱۴')).toBe('3.14');
    expect(searchKey('۱٬۲۰۰٬۰۰۰ ریال')).toBe('1200000 ریال');
  });

  it('leaves ٫ and ٬ alone when not between digits', () => {
    expect(searchKey('الف٫ ب٬')).toBe('الف٫ ب٬');
  });

  it('maps Persian punctuation ، ؛ ؟ ٪ « » to ASCII', () => {
    expect(searchKey('«سلام»، خوبی؟ آره؛ ۵۰٪')).toBe('"سلام", خوبی? اره; 50%');
  });

  it('turns ZWNJ into a space', () => {
    expect(searchKey(`می${ZWNJ}خواهم`)).toBe('می خواهم');
    expect(searchKey(`کتاب${ZWNJ}${ZWNJ} خانه`)).toBe('کتاب خانه');
  });

  it('lower-cases Latin', () => {
    expect(searchKey('NestJS و PostgreSQL')).toBe('nestjs و postgresql');
  });

  it('collapses all whitespace (NBSP, thin space, tabs, newlines) and trims', () => {
    expect(searchKey(`  سلام${NBSP}${THIN}\t\nدنیا  `)).toBe('سلام دنیا');
  });

  it('is idempotent', () => {
    const input = `  كتاب${ZWNJ}خانهٔ ملّی «۱٬۲۰۰» ـــ ${RLM}ABC `;
    expect(searchKey(searchKey(input))).toBe(searchKey(input));
  });

  it('returns an empty key for empty or invisible-only input', () => {
    expect(searchKey('')).toBe('');
    expect(searchKey(`${ZWSP}${ZWNJ}ـ ${RLM}`)).toBe('');
  });
});

describe('searchDocument', () => {
  it('appends the joined form of ZWNJ compounds (persian.md example)', () => {
    expect(searchDocument(`كتاب${ZWNJ}خانهٔ ملّی`)).toBe('کتاب خانه ملی کتابخانه کتابخانهملی خانهملی');
  });

  it('lets کتابخانه, کتاب‌خانه and کتاب خانه find each other', () => {
    const doc = searchDocument(`کتاب${ZWNJ}خانه`).split(' ');
    for (const query of ['کتابخانه', `کتاب${ZWNJ}خانه`, 'کتاب خانه']) {
      for (const term of searchTerms(query)) expect(doc).toContain(term);
    }
  });

  it('never joins across punctuation and skips joined forms already present', () => {
    expect(searchDocument(`می${ZWNJ}روم، کتاب${ZWNJ}ها. کتابها`)).toBe('می روم, کتاب ها. کتابها میروم');
  });

  it('joins every run of two and three adjacent words, once each', () => {
    expect(searchDocument('کتاب خانه ها')).toBe('کتاب خانه ها کتابخانه کتابخانهها خانهها');
    expect(searchDocument(`بین${ZWNJ}المللی و بین${ZWNJ}المللی`)).toBe(
      'بین المللی و بین المللی بینالمللی بینالمللیو المللیو المللیوبین وبین وبینالمللی',
    );
  });

  it('joins a ZWNJ compound of more than three parts as a whole', () => {
    const doc = searchDocument(`الف${ZWNJ}ب${ZWNJ}پ${ZWNJ}ت`).split(' ');
    expect(doc).toContain('الفبپت');
  });

  it('equals searchKey for a single word', () => {
    expect(searchDocument('قيمت،')).toBe(searchKey('قيمت،'));
  });
});

describe('compactKey', () => {
  it('removes every space and punctuation from the search key', () => {
    expect(compactKey(`كتاب${ZWNJ}خانهٔ ملّی، تهران!`)).toBe('کتابخانهملیتهران');
    expect(compactKey('خبرــــ فوری: زلزلۀ ۵٫۲')).toBe('خبرفوریزلزله52');
  });

  it('gives spacing variants the same key (duplicate detection)', () => {
    const variants = ['کتابخانه ملی', `کتاب${ZWNJ}خانهٔ ملّی`, 'كتاب خانه ملي'];
    expect(new Set(variants.map(compactKey)).size).toBe(1);
  });
});

describe('searchTerms', () => {
  it('returns folded words made of letters and digits only', () => {
    expect(searchTerms('قيمت «بنزين» در سال ١٤٠٣؟')).toEqual(['قیمت', 'بنزین', 'در', 'سال', '1403']);
  });

  it('splits at non-letter, non-digit characters and drops empty words', () => {
    expect(searchTerms('  a-b ... c ')).toEqual(['a', 'b', 'c']);
    expect(searchTerms('!!! ؟؟ ـــ')).toEqual([]);
  });
});

describe('toTsQuery', () => {
  it('joins terms with & and prefix-matches the last one, or the last ones joined', () => {
    expect(toTsQuery('قيمت بنزين')).toBe('(قیمت & بنزین:* | قیمتبنزین:*)');
    expect(toTsQuery('کتاب')).toBe('کتاب:*');
  });

  it('tries every grouping of up to three words into runs, naming each prefix term once', () => {
    expect(toTsQuery(`پیام${ZWNJ}رسان${ZWNJ}های`)).toBe('((پیام & رسان | پیامرسان) & های:* | پیام & رسانهای:* | پیامرسانهای:*)');
  });

  it('for more words, needs each word alone or inside a run of up to three adjacent words joined', () => {
    expect(toTsQuery(`پیام${ZWNJ}رسان${ZWNJ}های داخلی`)).toBe(
      '(پیام | پیامرسان | پیامرسانهای) & (پیامرسان | پیامرسانهای | رسان | رسانهای | رسانهایداخلی:*) & ' +
        '(پیامرسانهای | رسانهای | رسانهایداخلی:* | های | هایداخلی:*) & (رسانهایداخلی:* | هایداخلی:* | داخلی:*)',
    );
  });

  it('finds exactly what some grouping of the words finds (up to three words), and never less (more words)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    /** Whether terms split into runs of 1..3 words, each present joined (the last one as a prefix). */
    const someGrouping = (words: string[], terms: string[]): boolean =>
      terms.length === 0 ||
      [1, 2, 3].some((n) => {
        if (n > terms.length) return false;
        const run = terms.slice(0, n).join('');
        const present = n === terms.length ? words.some((w) => w.startsWith(run)) : words.includes(run);
        return present && someGrouping(words, terms.slice(n));
      });
    const vocabulary = ['با', 'در', 'سر', 'کار', 'دان', 'بار'];
    let compared = 0;
    for (let i = 0; i < 4000; i++) {
      const terms = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(vocabulary));
      // A text holding some of the query's runs (joined, as indexed) and other words.
      const words = Array.from({ length: Math.floor(random() * 8) }, () => {
        const from = Math.floor(random() * terms.length);
        return random() < 0.3 ? pick(vocabulary) : terms.slice(from, from + 1 + Math.floor(random() * 3)).join('');
      });
      const found = matches(words.join(' '), toTsQuery(terms.join(' '))!);
      const grouped = someGrouping(words, terms);
      if (terms.length <= 3) expect({ terms, words, found }).toEqual({ terms, words, found: grouped });
      else if (grouped) expect({ terms, words, found }).toEqual({ terms, words, found: true });
      if (grouped) compared++;
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('groups the first eight words and requires later ones as typed', () => {
    const q = toTsQuery('a b c d e f g h i j')!;
    expect(q.endsWith(') & i & j:*')).toBe(true);
    expect(q).toContain('fgh');
    expect(q).not.toContain('hi');
  });

  it('returns null when the query has no term', () => {
    expect(toTsQuery('')).toBeNull();
    expect(toTsQuery(' & | ! ( ) : * <-> ')).toBeNull();
  });

  it('cannot be injected with tsquery syntax', () => {
    expect(toTsQuery('a & b | !c:* <-> )')).toBe('((a & b | ab) & c:* | a & bc:* | abc:*)');
    for (const attack of ["x' | y", 'a:* & !b', '(a | b) <2> c', 'a\\:b']) {
      const q = toTsQuery(attack);
      expect(q).not.toBeNull();
      const terms = q!.split(/ & | \| |[()]|:\*/).filter(Boolean);
      for (const t of terms) expect(t).toMatch(/^[\p{L}\p{N}]+$/u);
    }
    expect(toTsQuery("'';--")).toBeNull();
  });
});

/** to_tsquery('simple', q) @@ to_tsvector('simple', doc), for the operators toTsQuery writes (& | ( ) :*). */
function matches(doc: string, query: string): boolean {
  const words = doc.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const tokens = query.match(/\(|\)|&|\||[\p{L}\p{N}]+(?::\*)?/gu)!;
  let at = 0;
  const or = (): boolean => {
    let value = and();
    while (tokens[at] === '|') {
      at++;
      value = and() || value;
    }
    return value;
  };
  const and = (): boolean => {
    let value = atom();
    while (tokens[at] === '&') {
      at++;
      value = atom() && value;
    }
    return value;
  };
  const atom = (): boolean => {
    const token = tokens[at++];
    if (token !== '(') return token.endsWith(':*') ? words.some((w) => w.startsWith(token.slice(0, -2))) : words.includes(token);
    const value = or();
    at++;
    return value;
  };
  return or();
}

describe('every spelling finds every other (searchDocument × toTsQuery)', () => {
  const compounds = [
    ['پیام', 'رسان', 'های'],
    ['می', 'خواهم'],
    ['نمی', 'توانستند'],
    ['کتاب', 'خانه'],
    ['بزرگ', 'ترین'],
    ['آیین', 'نامه'],
  ];
  const spellings = (parts: string[]) => ({
    zwnj: parts.join(ZWNJ),
    joined: parts.join(''),
    spaced: parts.join(' '),
    arabic: parts.join(ZWNJ).replace(/ی/g, 'ي').replace(/ک/g, 'ك'),
    arabicJoined: parts.join('').replace(/ی/g, 'ي').replace(/ک/g, 'ك'),
  });

  it.each(compounds.map((parts) => [parts.join('+'), parts]))('%s in a sentence, queried alone or with a neighbour', (_, parts) => {
    const all = spellings(parts as string[]);
    for (const [indexedAs, indexed] of Object.entries(all)) {
      const doc = searchDocument(`امروز ${indexed} داخلی را دیدم.`);
      for (const [queriedAs, query] of Object.entries(all)) {
        for (const q of [query, `${query} داخلی`, `امروز ${query}`]) {
          expect({ indexedAs, queriedAs, q, found: matches(doc, toTsQuery(q)!) }).toEqual({ indexedAs, queriedAs, q, found: true });
        }
      }
    }
  });

  it('still needs every word: a query word absent from the text finds nothing', () => {
    const doc = searchDocument('پیامرسانهای داخلی');
    expect(matches(doc, toTsQuery('پیام رسان های خارجی')!)).toBe(false);
    expect(matches(doc, toTsQuery('رسانه')!)).toBe(false);
  });
});

describe('normalizeDisplayText', () => {
  it('keeps ASCII digits and URLs exactly as written', () => {
    const url = 'https://example.com/p?id=0012&ref=AbC';
    expect(normalizeDisplayText(`مبلغ 1,250,000 ریال ${url}`)).toBe(`مبلغ 1,250,000 ریال ${url}`);
    expect(normalizeDisplayText('کد ۱۲۳ و 123')).toBe('کد ۱۲۳ و 123');
  });

  it('keeps tatweel, diacritics and Persian punctuation (display is not search folding)', () => {
    expect(normalizeDisplayText('ملّی «خبرــ» زلزلۀ؟')).toBe('ملّی «خبرــ» زلزلۀ؟');
  });

  it('applies NFKC to Arabic presentation forms only', () => {
    expect(normalizeDisplayText('\uFEE3\uFEE0\uFEF2 ﬁ ＡＢ ²')).toBe('ملی ﬁ ＡＢ ²');
  });

  it('applies NFC', () => {
    expect(normalizeDisplayText('cafe\u0301 ا\u0653')).toBe('café آ');
  });

  it('removes invisible characters other than ZWNJ', () => {
    const noisy = `${BOM}سل${ZWSP}ام${RLM} ${LRM}دن${ZWJ}یا${ALM}${SHY}\u202Bx\u202C`;
    expect(normalizeDisplayText(noisy)).toBe('سلام دنیاx');
    expect(normalizeDisplayText(`می${ZWNJ}روم`)).toBe(`می${ZWNJ}روم`);
  });

  it('keeps ZWJ inside emoji sequences', () => {
    const family = `👨${ZWJ}👩${ZWJ}👧`;
    const flag = `🏳\uFE0F${ZWJ}🌈`;
    expect(normalizeDisplayText(`${family} ${flag}`)).toBe(`${family} ${flag}`);
  });

  it('folds ي ى → ی and ك → ک in Persian text', () => {
    expect(normalizeDisplayText('كتاب پارسي')).toBe('کتاب پارسی');
    expect(normalizeDisplayText('علي')).toBe('علی');
    expect(normalizeDisplayText('قيمت بنزين در سال ١٤٠٣')).toBe('قیمت بنزین در سال ١٤٠٣');
  });

  it('leaves Arabic text (teh marbuta, no Persian letters) and mostly-Latin text unfolded', () => {
    expect(normalizeDisplayText('المدرسة في المدينة')).toBe('المدرسة في المدينة');
    expect(normalizeDisplayText('Meeting with the team about علي tomorrow')).toBe('Meeting with the team about علي tomorrow');
  });

  it('collapses repeated ZWNJ and drops ZWNJ next to spaces, punctuation and ends', () => {
    expect(normalizeDisplayText(`می${ZWNJ}${ZWNJ}${ZWNJ}روم`)).toBe(`می${ZWNJ}روم`);
    expect(normalizeDisplayText(`${ZWNJ}کتاب${ZWNJ} ${ZWNJ}خانه${ZWNJ}،${ZWNJ}`)).toBe('کتاب خانه،');
    expect(normalizeDisplayText(`سطر${ZWNJ}\nدوم`)).toBe('سطر\nدوم');
  });

  it('collapses space-like characters within a line and trims', () => {
    expect(normalizeDisplayText(`  سلام${NBSP}${NBSP}${THIN}\t دنیا  `)).toBe('سلام دنیا');
  });

  it('keeps paragraphs: trims each line, collapses 3+ newlines to 2, normalizes CRLF', () => {
    const input = '\n\n  بند اول  \r\n  ادامه\r\n\r\n\r\n\r\n  بند دوم \u2028آخر\n\n';
    expect(normalizeDisplayText(input)).toBe('بند اول\nادامه\n\nبند دوم\nآخر');
  });

  it('is idempotent', () => {
    const input = `  كتاب${ZWNJ}${ZWNJ}خانه ${RLM}\n\n\n\nعلي  ١٢ 34 `;
    const once = normalizeDisplayText(input);
    expect(normalizeDisplayText(once)).toBe(once);
  });
});
