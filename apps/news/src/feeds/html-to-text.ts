import sanitizeHtml from 'sanitize-html';

/** Elements that stand as their own paragraph: a blank line before and after. */
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'main',
  'nav',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'dl',
  'table',
  'figure',
  'figcaption',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'address',
  'details',
  'summary',
  'form',
  'fieldset',
]);
/** Elements that start a line of their own. */
const LINES = new Set(['li', 'tr', 'dt', 'dd', 'caption']);
/** Dropped with everything inside: code, styling, embedded objects, form values. */
const DROPPED = [
  'script',
  'style',
  'textarea',
  'option',
  'xmp',
  'noscript',
  'template',
  'iframe',
  'object',
  'svg',
  'math',
  'head',
  'title',
];
const ESCAPED = /&(amp|lt|gt|quot);/g;
const UNESCAPE: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
/** A line break that merges with its neighbours (two list items are one newline apart, not a blank line). */
const SOFT = '\u0001';
/** A run of soft breaks with the blanks around them: one newline. */
const SOFT_RUN = new RegExp(`[ \\t]*${SOFT}[${SOFT} \\t]*`, 'g');
/** Detects (never strips) markup: a tag or a comment. */
const MARKUP = /<(?:[a-z][a-z0-9-]*[\s/>]|\/[a-z]|!--)/i;

/**
 * HTML (from a feed) as plain text, paragraphs kept as blank lines. The
 * parsing and the dropping of scripts, styles and embeds are sanitize-html's
 * (htmlparser2, which also decodes every entity); we only listen to its
 * open/close/text callbacks to lay the text out. sanitize-html hands text
 * back escaped with exactly &amp; &lt; &gt; (&quot;), which is undone here.
 */
export function htmlToText(html: string): string {
  // Many feeds send plain text (entities and all) with its own line breaks:
  // without a single tag, those line breaks are the paragraphs.
  if (!MARKUP.test(html))
    return html
      .split(/\r\n?|\n/)
      .map(htmlToLine)
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  return markupToText(html);
}

function markupToText(html: string): string {
  const parts: string[] = [];
  let preDepth = 0;
  sanitizeHtml(html, {
    allowedTags: [],
    allowedAttributes: {},
    disallowedTagsMode: 'discard',
    nonTextTags: DROPPED,
    onOpenTag: (name) => {
      if (BLOCKS.has(name)) parts.push('\n\n');
      else if (LINES.has(name)) parts.push(SOFT);
      else if (name === 'br') parts.push('\n');
      if (name === 'pre') preDepth++;
    },
    onCloseTag: (name) => {
      if (BLOCKS.has(name)) parts.push('\n\n');
      else if (LINES.has(name)) parts.push(SOFT);
      if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
    },
    textFilter: (escaped) => {
      const text = escaped.replace(ESCAPED, (_, e: string) => UNESCAPE[e]);
      // Outside <pre>, HTML whitespace (newlines included) is one space.
      parts.push(preDepth ? text : text.replace(/[ \t\n\r\f]+/g, ' '));
      return '';
    },
  });
  return parts
    .join('')
    .replace(SOFT_RUN, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\f\r]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A title or other one-line field that may carry markup or entities. */
export function htmlToLine(html: string): string {
  return markupToText(html).replace(/\s+/g, ' ').trim();
}
