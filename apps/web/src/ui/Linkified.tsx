import { LinkifyIt } from 'linkify-it';
import type { ReactNode } from 'react';

const linkify = new LinkifyIt();
/** Web and mail addresses only; a bare "//host" or ftp is left as text. */
const SCHEMAS = new Set(['', 'http:', 'https:', 'mailto:']);

/**
 * Text with its web addresses as links (linkify-it finds them, with or
 * without a scheme). Each link is isolated — a <bdi> around an <a dir="auto"> —
 * so a Latin address inside Persian text keeps its own order and does not
 * reorder the words around it; it opens in a new tab without handing the app
 * to the page it opens.
 */
export function Linkified({ text }: { text: string }): ReactNode {
  const matches = linkify.match(text)?.filter((m) => SCHEMAS.has(m.schema.toLowerCase()));
  if (!matches?.length) return text;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const m of matches) {
    if (m.index > at) parts.push(text.slice(at, m.index));
    parts.push(
      <bdi key={m.index}>
        <a href={m.url} target="_blank" rel="noopener noreferrer" dir="auto">
          {m.text}
        </a>
      </bdi>,
    );
    at = m.lastIndex;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

/** The first web address in the text (for its preview), if any. */
export function firstLink(text: string): string | null {
  const m = linkify.match(text)?.find((x) => x.schema === '' || /^https?:$/i.test(x.schema));
  return m ? m.url : null;
}
