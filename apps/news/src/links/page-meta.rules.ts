import { Parser } from 'htmlparser2';

export interface PageMeta {
  title: string;
  description: string | null;
  siteName: string | null;
  imageUrl: string | null;
}

const MAX_TEXT = 300;
const clean = (s: string | undefined) => {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t ? (t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t) : null;
};

/**
 * A page's own summary from its <head>: Open Graph first (og:title,
 * og:description, og:site_name, og:image), else <title> and the description
 * meta; null when it has no title at all. htmlparser2 decodes the entities;
 * parsing stops at <body>, where nothing of this lives.
 */
export function pageMeta(html: string, pageUrl: string): PageMeta | null {
  const meta: Record<string, string> = {};
  let title = '';
  let inTitle = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'body') parser.pause();
        if (name === 'title') inTitle = true;
        if (name === 'meta') {
          const key = (attrs.property ?? attrs.name ?? '').toLowerCase();
          if (key && attrs.content !== undefined && !(key in meta)) meta[key] = attrs.content;
        }
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const t = clean(meta['og:title'] ?? meta['twitter:title'] ?? title);
  if (!t) return null;
  return {
    title: t,
    description: clean(meta['og:description'] ?? meta['description'] ?? meta['twitter:description']),
    siteName: clean(meta['og:site_name']),
    imageUrl: absoluteHttp(meta['og:image'], pageUrl),
  };
}

function absoluteHttp(value: string | undefined, base: string): string | null {
  if (!value) return null;
  try {
    const u = new URL(value.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}
