import zlib from 'node:zlib';
import { AddressPolicy, FeedFetchError } from '../src/feeds/address-guard';
import { fetchFeed, FetchOptions } from '../src/feeds/feed-http';
import { decodeFeed, parseEntries } from '../src/feeds/feed-items';
import { atom, englishItems, PERSIAN_ITEMS, rdf, rss } from './feed-fixtures';
import { FeedServer } from './feed-server';

const options = (extra: Partial<FetchOptions> = {}): FetchOptions => ({
  policy: new AddressPolicy('loopback'),
  timeoutMs: 2000,
  maxBytes: 64 * 1024,
  maxRedirects: 3,
  userAgent: 'test',
  ...extra,
});

/** Bytes of a string in windows-1256, the legacy Persian code page (no Persian ی: Arabic ي instead). */
function windows1256(text: string): Buffer {
  const decoder = new TextDecoder('windows-1256');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from(
    [...text].map((c) => {
      const byte = table.get(c);
      if (byte === undefined) throw new Error(`not in windows-1256: ${c}`);
      return byte;
    }),
  );
}

describe('feeds: fetching', () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await FeedServer.start();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the body, ETag and Last-Modified, then a 304 to a conditional GET', async () => {
    const url = server.xml('/plain.xml', () => rss(PERSIAN_ITEMS), { 'last-modified': 'Sat, 28 Nov 2026 10:00:00 GMT' });
    const first = await fetchFeed(url, options());
    if (first.notModified) throw new Error('expected a body');
    expect(decodeFeed(first.body, first.contentType)).toContain('کتاب‌خانهٔ ملّی');
    expect(first.etag).toMatch(/^"\d+-/);
    expect(first.lastModified).toBe('Sat, 28 Nov 2026 10:00:00 GMT');
    const second = await fetchFeed(url, options({ etag: first.etag, lastModified: first.lastModified }));
    expect(second.notModified).toBe(true);
    const last = server.requests.filter((r) => r.path === '/plain.xml').pop()!;
    expect(last.headers['if-none-match']).toBe(first.etag);
    expect(last.headers['if-modified-since']).toBe('Sat, 28 Nov 2026 10:00:00 GMT');
    expect(last.headers['accept-encoding']).toContain('gzip');
  });

  it('decodes gzip, deflate and br', async () => {
    const xml = rss(PERSIAN_ITEMS);
    for (const [name, encode] of [
      ['gzip', zlib.gzipSync],
      ['deflate', zlib.deflateSync],
      ['br', zlib.brotliCompressSync],
    ] as const) {
      const url = server.route(`/${name}.xml`, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': name }).end(encode(Buffer.from(xml)));
      });
      const result = await fetchFeed(url, options());
      if (result.notModified) throw new Error('expected a body');
      expect(result.body.toString('utf8')).toBe(xml);
    }
  });

  it('follows redirects up to the cap, re-checking each address', async () => {
    const target = server.xml('/final.xml', () => rss(PERSIAN_ITEMS));
    server.route('/r1', (_q, res) => res.writeHead(301, { location: '/r2' }).end());
    server.route('/r2', (_q, res) => res.writeHead(302, { location: target }).end());
    const ok = await fetchFeed(`${server.base}/r1`, options());
    expect(ok.url).toBe(target);
    server.route('/loop', (_q, res) => res.writeHead(307, { location: '/loop' }).end());
    await expect(fetchFeed(`${server.base}/loop`, options())).rejects.toThrow('The feed redirected more than 3 times');
    server.route('/to-private', (_q, res) => res.writeHead(302, { location: 'http://10.20.30.40/feed' }).end());
    await expect(fetchFeed(`${server.base}/to-private`, options())).rejects.toThrow(
      /not allowed: it points to a private network address \(10\.20\.30\.40\)/,
    );
    server.route('/to-file', (_q, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    await expect(fetchFeed(`${server.base}/to-file`, options())).rejects.toThrow(/not http or https/);
  });

  it('refuses loopback unless the policy allows it, before connecting', async () => {
    const url = server.xml('/guarded.xml', () => rss(PERSIAN_ITEMS));
    const before = server.hits('/guarded.xml');
    await expect(fetchFeed(url, options({ policy: new AddressPolicy('') }))).rejects.toThrow(/loopback network address \(127\.0\.0\.1\)/);
    expect(server.hits('/guarded.xml')).toBe(before);
  });

  it('refuses other schemes and credentials in the address', async () => {
    await expect(fetchFeed('ftp://example.com/feed.xml', options())).rejects.toThrow('Only http and https feed addresses are supported');
    await expect(fetchFeed('http://user:pw@example.com/feed.xml', options())).rejects.toThrow(/user name or password/);
    await expect(fetchFeed('not a url', options())).rejects.toThrow(/not a web address/);
  });

  it('stops reading past the size cap: declared, streamed, or decompressed', async () => {
    const big = Buffer.alloc(200 * 1024, 'a');
    server.route('/declared', (_q, res) => res.writeHead(200, { 'content-length': String(big.length) }).end(big));
    server.route('/streamed', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write(big.subarray(0, 100 * 1024));
      res.end(big.subarray(100 * 1024));
    });
    server.route('/bomb', (_q, res) =>
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(Buffer.alloc(5 * 1024 * 1024))),
    );
    for (const path of ['/declared', '/streamed', '/bomb']) {
      await expect(fetchFeed(`${server.base}${path}`, options())).rejects.toThrow(
        'The feed is larger than 64 KB, the most this platform reads',
      );
    }
  });

  it('gives up on a slow server at the deadline', async () => {
    server.route('/slow-headers', (_q, res) => void setTimeout(() => res.writeHead(200).end(rss([])), 3000));
    server.route('/slow-body', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<rss>');
      setTimeout(() => res.end('</rss>'), 3000);
    });
    const started = Date.now();
    await expect(fetchFeed(`${server.base}/slow-headers`, options({ timeoutMs: 500 }))).rejects.toThrow(
      'The server did not answer within 0.5 seconds',
    );
    await expect(fetchFeed(`${server.base}/slow-body`, options({ timeoutMs: 500 }))).rejects.toThrow(
      'The server did not send the whole feed within 0.5 seconds',
    );
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('says what went wrong with the server in words', async () => {
    server.route('/error', (_q, res) => res.writeHead(500, 'Internal Server Error').end());
    await expect(fetchFeed(`${server.base}/error`, options())).rejects.toThrow(
      'The server answered 500 Internal Server Error instead of the feed',
    );
    await expect(fetchFeed(`${server.base}/missing`, options())).rejects.toThrow('The server answered 404 Not Found instead of the feed');
    await expect(fetchFeed('http://127.0.0.1:1/feed', options())).rejects.toThrow('The server 127.0.0.1 refused the connection');
    await expect(fetchFeed('http://127.0.0.1:1/feed', options())).rejects.toBeInstanceOf(FeedFetchError);
  });
});

describe('feeds: parsing', () => {
  const base = 'https://news.example/feed.xml';
  const parse = (xml: string) => parseEntries(xml, base, { limit: 50, textMax: 16384 });

  it('turns Persian RSS items into posts: titles, links, paragraphs, entities, no scripts, oldest first', () => {
    const entries = parse(rss(PERSIAN_ITEMS));
    expect(entries.map((e) => e.title)).toEqual([
      'افزایش قیمت بنزین در سال ١٤٠٣',
      'بازگشایی کتاب‌خانهٔ ملّی پس از بازسازی',
      'پیش‌بینی هوا: بارش برف در تهران',
    ]);
    expect(entries[0].text).toBe(
      'دولت اعلام کرد قیمت بنزین از ماه آینده تغییر می‌کند.\n\nکارشناسان می‌گویند این تصمیم «ناگزیر» بود & اثر آن بر تورم محدود است.',
    );
    expect(entries[1].text).toBe('کتاب‌خانهٔ ملی ایران از شنبه دوباره به روی مراجعان باز است.\nساعت کار: ۸ تا ۱۸');
    expect(entries[2].text).toBe('تهران: برف سبک\nشیراز: آفتابی\n\nدمای هوا ۵ درجه کاهش می‌یابد.');
    expect(entries.map((e) => e.url)).toEqual(['https://news.example/fa/1', 'https://news.example/fa/2', 'https://news.example/fa/3']);
    expect(entries[0].publishedAt.getTime()).toBe(Math.floor(PERSIAN_ITEMS[0].date!.getTime() / 1000) * 1000);
    expect(entries[0].keys).toEqual(expect.arrayContaining(['guid:fa-1', 'link:https://news.example/fa/1']));
  });

  it('reads Atom and RDF as well', () => {
    const a = parse(atom(PERSIAN_ITEMS));
    expect(a.map((e) => e.title)).toEqual(parse(rss(PERSIAN_ITEMS)).map((e) => e.title));
    expect(a[2].text).toContain('شیراز: آفتابی');
    const r = parse(rdf(englishItems(3)));
    expect(r.map((e) => e.title)).toEqual(['item title 0', 'item title 1', 'item title 2']);
    expect(r[0]).toMatchObject({ text: 'Body of item 0 & more', url: 'https://blog.example/p/item-0' });
  });

  it('clamps future dates to now, dates missing ones now, resolves relative links', () => {
    const now = new Date('2026-11-29T12:00:00Z');
    const entries = parseEntries(
      rss([
        { guid: 'f', title: 'future', link: '/rel/1', html: 'x', date: new Date('2030-01-01T00:00:00Z') },
        { guid: 'n', title: 'no date', link: 'javascript:alert(1)', html: 'y' },
      ]),
      base,
      { limit: 10, textMax: 100, now },
    );
    expect(entries.map((e) => e.publishedAt.toISOString())).toEqual([now.toISOString(), now.toISOString()]);
    expect(entries.map((e) => e.url).sort()).toEqual(['https://news.example/rel/1', null].sort());
  });

  it('keeps the newest items up to the limit and cuts long text', () => {
    const entries = parseEntries(rss(englishItems(10)), base, { limit: 3, textMax: 12 });
    expect(entries.map((e) => e.title)).toEqual(['item title 7', 'item title 8', 'item title 9']);
    expect(entries[0].text).toBe('Body of ite…');
  });

  it('does not take a link as identity when every item shares it', () => {
    const items = englishItems(2).map((i) => ({ ...i, link: 'https://blog.example/' }));
    for (const e of parse(rss(items))) expect(e.keys.some((k) => k.startsWith('link:'))).toBe(false);
  });

  it('refuses what is not a feed', () => {
    expect(() => parse('<html><body>not a feed</body></html>')).toThrow('This address did not return an RSS, Atom or RDF feed');
    expect(() => parse('{"json": true}')).toThrow(FeedFetchError);
  });

  it('decodes a windows-1256 feed, whatever it declares, and folds its Arabic yeh and kaf', () => {
    const xml = `<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel><title>t</title><item><title>كتاب فارسي</title><guid>w1</guid><description>متن خبر</description></item></channel></rss>`;
    const bytes = windows1256(xml);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const fromDeclaration = parse(decodeFeed(bytes, 'text/xml'));
    expect(fromDeclaration[0]).toMatchObject({ title: 'کتاب فارسی', text: 'متن خبر' });
    const fromHeader = parse(decodeFeed(bytes, 'application/rss+xml; charset=windows-1256'));
    expect(fromHeader[0].title).toBe('کتاب فارسی');
  });

  it('takes valid UTF-8 as UTF-8 even when it says otherwise, and drops a BOM', () => {
    const xml = rss(PERSIAN_ITEMS.slice(0, 1)).replace('UTF-8', 'ISO-8859-1');
    expect(parse(decodeFeed(Buffer.from(xml), 'text/xml; charset=iso-8859-1'))[0].title).toBe('افزایش قیمت بنزین در سال ١٤٠٣');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss(PERSIAN_ITEMS.slice(0, 1)))]);
    expect(parse(decodeFeed(bom, null))).toHaveLength(1);
  });
});
