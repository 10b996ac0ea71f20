import { htmlToLine, htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it('keeps paragraphs as blank lines and line breaks as newlines', () => {
    expect(htmlToText('<p>First <b>para</b>graph</p><p>Second<br>line</p>')).toBe('First paragraph\n\nSecond\nline');
  });

  it('decodes named and numeric entities once, without re-interpreting them as markup', () => {
    expect(htmlToText('<p>Tom &amp; Jerry &lt;b&gt; &quot;q&quot; &#1587;&#1604;&#1575;&#1605; &amp;amp;</p>')).toBe(
      'Tom & Jerry <b> "q" سلام &amp;',
    );
  });

  it('drops scripts, styles and embeds with their content, and tags without it', () => {
    expect(
      htmlToText('<div>keep<script>alert(1)</script><style>p{}</style><iframe src="x">no</iframe> <a href="http://x">this</a></div>'),
    ).toBe('keep this');
  });

  it('puts list items on lines of their own', () => {
    expect(htmlToText('<ul><li>یک</li><li>دو</li></ul><p>پایان</p>')).toBe('یک\nدو\n\nپایان');
  });

  it('collapses HTML whitespace but keeps it inside pre', () => {
    expect(htmlToText('<p>a\n   b</p><pre>x  y\nz</pre>')).toBe('a b\n\nx y\nz');
  });

  it('leaves Persian text intact, ZWNJ included', () => {
    const text = 'کتاب‌خانهٔ ملّی ایران، ۱۴۰۳';
    expect(htmlToText(`<p>${text}</p>`)).toBe(text);
  });

  it('keeps the line breaks of plain text, decoding its entities', () => {
    expect(htmlToText('plain &amp; simple\n\n\n second')).toBe('plain & simple\n\nsecond');
  });
});

describe('htmlToLine', () => {
  it('makes one line of a title with markup and entities', () => {
    expect(htmlToLine('Tom &amp; <i>Jerry</i>\n  again')).toBe('Tom & Jerry again');
  });
});
