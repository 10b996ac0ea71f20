import { pageMeta } from './page-meta.rules';

describe('pageMeta', () => {
  it('prefers Open Graph, decodes entities and makes the image address absolute', () => {
    const html = `<html><head><title>Fallback</title>
      <meta property="og:title" content="خبر &amp; گزارش">
      <meta property="og:description" content="  شرح   کوتاه ">
      <meta property="og:site_name" content="نمونه">
      <meta property="og:image" content="/img/a.jpg"></head><body><meta property="og:title" content="not this"></body></html>`;
    expect(pageMeta(html, 'https://example.ir/news/1')).toEqual({
      title: 'خبر & گزارش',
      description: 'شرح کوتاه',
      siteName: 'نمونه',
      imageUrl: 'https://example.ir/img/a.jpg',
    });
  });

  it('falls back to <title> and the description meta, and refuses a page without a title', () => {
    expect(pageMeta('<title> صفحه </title><meta name="description" content="d">', 'http://x.ir/')).toEqual({
      title: 'صفحه',
      description: 'd',
      siteName: null,
      imageUrl: null,
    });
    expect(pageMeta('<p>no head</p>', 'http://x.ir/')).toBeNull();
  });

  it('keeps only http(s) images', () => {
    expect(
      pageMeta('<meta property="og:title" content="t"><meta property="og:image" content="javascript:alert(1)">', 'http://x.ir/')?.imageUrl,
    ).toBeNull();
  });
});
