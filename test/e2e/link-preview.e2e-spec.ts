import http from 'node:http';
import { AddressInfo } from 'node:net';
import { SignedUp, TestPlatform } from '@test/support';

const PREVIEW = 'query($u:String!){ linkPreview(url:$u){ url title description siteName imageUrl } }';

describe('linkPreview', () => {
  let site: http.Server;
  let base: string;
  let hits = 0;
  let platform: TestPlatform;
  let user: SignedUp;

  beforeAll(async () => {
    site = http.createServer((req, res) => {
      hits++;
      if (req.url === '/plain') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('just text');
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          '<!doctype html><html><head><title>عنوان ساده</title><meta property="og:title" content="گزارش &amp; تحلیل">' +
            '<meta property="og:description" content="شرح کوتاه صفحه"><meta property="og:site_name" content="خبرگزاری نمونه">' +
            '<meta property="og:image" content="/cover.jpg"></head><body>…</body></html>',
        );
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    platform = await TestPlatform.start({
      services: ['accounts', 'news'],
      env: { FEEDS_ALLOW_PRIVATE: 'loopback', FEEDS_POLLING: 'false' },
    });
    user = await platform.signUp();
  });
  afterAll(async () => {
    await platform?.close();
    await new Promise((r) => site?.close(r));
  });

  it("answers the page's Open Graph summary, fetched once and then kept", async () => {
    const url = `${base}/article#part-2`;
    const first = await platform.gql(PREVIEW, { u: url }, user.token);
    expect(first.data.linkPreview).toEqual({
      url: `${base}/article`,
      title: 'گزارش & تحلیل',
      description: 'شرح کوتاه صفحه',
      siteName: 'خبرگزاری نمونه',
      imageUrl: `${base}/cover.jpg`,
    });
    const before = hits;
    const again = await platform.gql(PREVIEW, { u: `${base}/article` }, user.token);
    expect(again.data.linkPreview).toEqual(first.data.linkPreview);
    expect(hits).toBe(before);
  });

  it('answers null for a page with nothing to show and for what is not a web address', async () => {
    for (const u of [`${base}/plain`, 'javascript:alert(1)']) {
      const r = await platform.gql(PREVIEW, { u }, user.token);
      expect(r.errors).toBeUndefined();
      expect(r.data.linkPreview).toBeNull();
    }
  });

  it("refuses private addresses with the feed fetcher's guard (only loopback is let through here)", async () => {
    for (const u of ['http://10.20.30.40/article', 'http://169.254.169.254/latest/meta-data/']) {
      const r = await platform.gql(PREVIEW, { u }, user.token);
      expect(r.errors).toBeUndefined();
      expect(r.data.linkPreview).toBeNull();
    }
  });

  it('needs a signed-in user', async () => {
    expect((await platform.gql(PREVIEW, { u: `${base}/article` })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
