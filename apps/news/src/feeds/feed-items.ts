import { createHash } from 'node:crypto';
import { parseFeed } from '@rowanmanning/feed-parser';
import { normalizeDisplayText } from '@app/persian';
import { FeedFetchError } from './address-guard';
import { htmlToLine, htmlToText } from './html-to-text';

/** A feed item as it becomes a post. */
export interface FeedEntry {
  /** Every identity the item has (guid, link, content hash): one known key makes it a known item. */
  keys: string[];
  title: string | null;
  text: string;
  url: string | null;
  /** From the item, never in the future; now when the item has none. */
  publishedAt: Date;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The feed's bytes as text: valid UTF-8 first (what most feeds are, whatever
 * they declare), else the charset the response or the XML declaration names
 * (legacy Persian feeds: windows-1256), else windows-1252 as browsers do.
 */
export function decodeFeed(body: Buffer, contentType: string | null): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return new TextDecoder('utf-8').decode(body.subarray(3));
  if (body[0] === 0xfe && body[1] === 0xff) return new TextDecoder('utf-16be').decode(body.subarray(2));
  if (body[0] === 0xff && body[1] === 0xfe) return new TextDecoder('utf-16le').decode(body.subarray(2));
  try {
    return UTF8.decode(body);
  } catch {
    const declared =
      /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ??
      /^<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(body.subarray(0, 256).toString('latin1'))?.[1];
    for (const label of [declared, 'windows-1252']) {
      if (!label || /^utf-?8$/i.test(label)) continue;
      try {
        return new TextDecoder(label).decode(body);
      } catch {
        // An unknown label: try the next.
      }
    }
    return new TextDecoder('utf-8').decode(body);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function key(kind: string, value: string): string {
  return value.length <= 256 ? `${kind}:${value}` : `${kind}#${sha256(value)}`;
}

/** An absolute http(s) link, resolved against the feed's address; null otherwise. */
function absoluteLink(link: string | null, base: string): string | null {
  if (!link?.trim()) return null;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/**
 * Parses RSS 2.0, RSS 1.0 (RDF) or Atom with @rowanmanning/feed-parser
 * (lenient with the broken feeds found in the wild) and turns each item into
 * a post: HTML reduced to text with its paragraphs, entities decoded, Persian
 * display-normalized; the newest `limit` items, oldest first.
 */
export function parseEntries(xml: string, feedUrl: string, opts: { limit: number; textMax: number; now?: Date }): FeedEntry[] {
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml);
  } catch {
    throw new FeedFetchError('This address did not return an RSS, Atom or RDF feed', 'NOT_A_FEED');
  }
  const now = opts.now ?? new Date();
  const items = feed.items
    .map((item) => {
      const title = item.title ? normalizeDisplayText(htmlToLine(item.title)) || null : null;
      const body = item.content || item.description || '';
      const url = absoluteLink(item.url, feedUrl);
      const text = normalizeDisplayText(htmlToText(body)) || title || url || '';
      const date = item.published ?? item.updated;
      const publishedAt = date && !Number.isNaN(date.getTime()) && date.getTime() < now.getTime() ? date : now;
      return { guid: item.id?.trim() || null, title: title ? cut(title, 256) : null, text: cut(text, opts.textMax), url, publishedAt };
    })
    .filter((item) => item.text);

  // A link is an identity only where the feed gives each item its own (some link every item to the home page).
  const linkCount = new Map<string, number>();
  for (const item of items) if (item.url) linkCount.set(item.url, (linkCount.get(item.url) ?? 0) + 1);

  const entries = items.map((item): FeedEntry => {
    const keys = new Set<string>();
    if (item.guid) keys.add(key('guid', item.guid));
    if (item.url && linkCount.get(item.url) === 1) keys.add(key('link', item.url));
    keys.add(`hash:${sha256(`${item.title ?? ''}\n${item.text}`)}`);
    return { keys: [...keys].sort(), title: item.title, text: item.text, url: item.url, publishedAt: item.publishedAt };
  });
  return entries
    .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime())
    .slice(0, opts.limit)
    .reverse();
}
