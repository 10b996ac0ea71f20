/**
 * Feeds for the tests, written for them: Persian news items in RSS 2.0,
 * Atom and RSS 1.0 (RDF), with the HTML, entities and dates real feeds have.
 */
export interface Item {
  guid?: string;
  title: string;
  link?: string;
  html: string;
  date?: Date;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rss(items: Item[], title = 'خبرگزاری آزمایشی'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${escape(title)}</title><link>https://news.example/</link><description>آخرین خبرها</description>
${items
  .map(
    (i) => `<item>
  <title>${escape(i.title)}</title>
  ${i.link ? `<link>${escape(i.link)}</link>` : ''}
  ${i.guid ? `<guid isPermaLink="false">${escape(i.guid)}</guid>` : ''}
  <description><![CDATA[${i.html}]]></description>
  ${i.date ? `<pubDate>${i.date.toUTCString()}</pubDate>` : ''}
</item>`,
  )
  .join('\n')}
</channel></rss>`;
}

export function atom(items: Item[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>اتم آزمایشی</title><id>urn:test:atom</id><updated>${new Date().toISOString()}</updated>
${items
  .map(
    (i) => `<entry>
  <title type="html">${escape(i.title)}</title>
  <id>${escape(i.guid ?? i.link ?? i.title)}</id>
  ${i.link ? `<link rel="alternate" href="${escape(i.link)}"/>` : ''}
  <updated>${(i.date ?? new Date()).toISOString()}</updated>
  <content type="html">${escape(i.html)}</content>
</entry>`,
  )
  .join('\n')}
</feed>`;
}

export function rdf(items: Item[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF آزمایشی</title><link>https://rdf.example/</link><description>d</description></channel>
${items
  .map(
    (i) => `<item rdf:about="${escape(i.link ?? '')}">
  <title>${escape(i.title)}</title>
  <link>${escape(i.link ?? '')}</link>
  <description>${escape(i.html)}</description>
  ${i.date ? `<dc:date>${i.date.toISOString()}</dc:date>` : ''}
</item>`,
  )
  .join('\n')}
</rdf:RDF>`;
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);

/** Persian news items, with the markup and entities feeds carry. */
export const PERSIAN_ITEMS: Item[] = [
  {
    guid: 'fa-1',
    title: 'افزايش قيمت بنزين در سال ١٤٠٣',
    link: 'https://news.example/fa/1',
    html: '<p>دولت اعلام کرد قیمت بنزین از <strong>ماه آینده</strong> تغییر می‌کند.</p><p>کارشناسان می‌گویند این تصمیم &laquo;ناگزیر&raquo; بود &amp; اثر آن بر تورم محدود است.</p>',
    date: hoursAgo(5),
  },
  {
    guid: 'fa-2',
    title: 'بازگشایی کتاب‌خانهٔ ملّی پس از بازسازی',
    link: 'https://news.example/fa/2',
    html: '<div>کتاب‌خانهٔ ملی ایران از شنبه دوباره به روی مراجعان باز است.<br/>ساعت کار: ۸ تا ۱۸</div><script>track()</script>',
    date: hoursAgo(3),
  },
  {
    guid: 'fa-3',
    title: 'پیش‌بینی هوا: بارش برف در تهران',
    link: 'https://news.example/fa/3',
    html: '<ul><li>تهران: برف سبک</li><li>شیراز: آفتابی</li></ul><p>دمای هوا ۵ درجه کاهش می‌یابد.</p>',
    date: hoursAgo(1),
  },
];

export function englishItems(count: number, prefix = 'item', linkBase = 'https://blog.example/p/'): Item[] {
  return Array.from({ length: count }, (_, i) => ({
    guid: `${prefix}-${i}`,
    title: `${prefix} title ${i}`,
    link: `${linkBase}${prefix}-${i}`,
    html: `<p>Body of ${prefix} ${i} &amp; more</p>`,
    date: hoursAgo(count - i),
  }));
}
