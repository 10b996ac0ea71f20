import http from 'node:http';
import zlib from 'node:zlib';
import { Browser } from 'playwright-core';
import { errorCode, randomPhone, TestPlatform } from '@test/support';
import {
  axeBothSchemes,
  e164,
  ensureWebBuilt,
  fa,
  launchChromium,
  newPerson,
  screenshots,
  signUpInUi,
  waitFor,
  WEB_DIST,
  readAuth,
  bidiOf,
} from './support/browser';

jest.setTimeout(180_000);

/** A GET with exactly this Accept-Encoding (fetch would add its own and decompress), the body as sent. */
function rawGet(url: string, acceptEncoding: string | null): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('web app: serving, sign-in and sessions', () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    platform = await TestPlatform.start({
      services: ['accounts', 'media'],
      env: { WEB_DIST_DIR: WEB_DIST, LOGIN_CODE_RESEND_SECONDS: '0' },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  describe('the gateway serves the app', () => {
    it('answers / and client-side routes with index.html, revalidated on every load', async () => {
      for (const p of ['/', '/chats/123', '/news/c/tehran_news']) {
        const res = await fetch(`${platform.url}${p}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(res.headers.get('cache-control')).toBe('no-cache');
        const html = await res.text();
        expect(html).toContain('<html lang="fa" dir="rtl">');
        expect(html).toMatch(/src="\/assets\/index-[\w-]+\.js"/);
      }
    });

    it('caches hashed assets for a year as immutable, and 404s a missing one', async () => {
      const html = await (await fetch(`${platform.url}/`)).text();
      const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(html)![1];
      const res = await fetch(`${platform.url}${script}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await fetch(`${platform.url}/assets/index-gone.js`)).status).toBe(404);
    });

    it('sends each script and style compressed at build time: brotli or gzip as the browser accepts, plain otherwise', async () => {
      const html = await (await fetch(`${platform.url}/`)).text();
      const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(html)![1];
      const style = /href="(\/assets\/index-[\w-]+\.css)"/.exec(html)![1];
      for (const asset of [script, style]) {
        const plain = await rawGet(`${platform.url}${asset}`, null);
        expect(plain.headers['content-encoding']).toBeUndefined();
        const br = await rawGet(`${platform.url}${asset}`, 'gzip, deflate, br');
        expect(br.headers['content-encoding']).toBe('br');
        expect(br.headers.vary).toMatch(/accept-encoding/i);
        expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(br.headers['content-type']).toBe(plain.headers['content-type']);
        expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
        expect(br.body.length).toBeLessThan(plain.body.length / 2);
        const gz = await rawGet(`${platform.url}${asset}`, 'gzip');
        expect(gz.headers['content-encoding']).toBe('gzip');
        expect(zlib.gunzipSync(gz.body).equals(plain.body)).toBe(true);
      }
    });

    it("loads only the sign-in screen's own script before sign-in; the rest comes after", async () => {
      const { context, page } = await newPerson(browser, platform);
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      });
      await page.goto('/');
      await page.getByLabel('شمارهٔ موبایل').waitFor();
      expect(scripts).toEqual([expect.stringMatching(/^\/assets\/index-[\w-]+\.js$/)]);
      await signUpInUi(page, platform, 'بهار');
      await waitFor(() => scripts.some((s) => /\/assets\/SignedIn-[\w-]+\.js$/.test(s)));
      await context.close();
    });

    it('leaves the API paths alone', async () => {
      expect((await fetch(`${platform.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${platform.url}/payments/no-such-page`)).status).toBe(404);
      expect((await fetch(`${platform.url}/graphql/nothing`)).status).toBe(404);
      const gql = await platform.gql('{ __typename }');
      expect(gql.data).toEqual({ __typename: 'Query' });
    });

    it('says so, and keeps the API up, when the app is not built', async () => {
      const gw = await platform.startGateway({ WEB_DIST_DIR: '/nonexistent/web-dist' });
      const res = await fetch(`${gw.url}/chats`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build --workspace apps/web');
      expect((await platform.gql('{ __typename }', undefined, undefined, gw.url)).data).toEqual({ __typename: 'Query' });
    });
  });

  describe('sign-in', () => {
    it('signs a new person up: phone in Persian digits, SMS code, display name; focus order and accessibility hold', async () => {
      const { context, page } = await newPerson(browser, platform);
      await page.goto('/');
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await page.getAttribute('html', 'lang')).toBe('fa');
      // The phone field has focus at once; Tab goes to the button and no further trap.
      const focused = () => page.evaluate(`document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent?.trim()`);
      expect(await focused()).toBe('phone');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('ارسال کد');
      await page.keyboard.press('Shift+Tab');
      expect(await focused()).toBe('phone');
      expect(await axeBothSchemes(page)).toEqual([]);
      await screenshots(page, 'sign-in');

      const phone = randomPhone();
      await page.keyboard.type(fa(phone.slice(0, 4)) + ' ' + fa(phone.slice(4)));
      await page.keyboard.press('Enter');
      await page.getByLabel('کد تأیید').waitFor();
      expect(await focused()).toBe('code');
      // The number reads left to right, its groups in order, inside the Persian sentence.
      const number = page.getByText(fa(`${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`), { exact: true });
      expect(await number.count()).toBe(1);
      expect((await bidiOf(number)).filter((_, i) => i !== 1)).toEqual(['BDI', 'ltr', 'isolate']);
      expect(await axeBothSchemes(page)).toEqual([]);

      // The fifth digit submits by itself.
      await page.getByLabel('کد تأیید').pressSequentially('۰۰۰۰۰');
      await page.getByRole('alert').filter({ hasText: 'کد وارد شده درست نیست' }).waitFor();

      // Pasting the whole SMS finds its code and signs in.
      const code = await waitFor(() => platform.lastCode(e164(phone)));
      await page.getByLabel('کد تأیید').fill(`کد ورود شما: ${fa(code)} این کد را به هیچ‌کس ندهید.`);
      await page.getByLabel('نام نمایشی').waitFor();
      expect(await axeBothSchemes(page)).toEqual([]);
      await page.getByLabel('نام نمایشی').fill('مریم Tehrani');
      await page.getByRole('button', { name: 'ساخت حساب' }).click();
      await page.getByRole('navigation', { name: 'بخش‌ها' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/chats');

      const stored = await readAuth(page);
      const me = await platform.gql('{ me { displayName phone } }', undefined, stored.accessToken);
      expect(me.data.me).toEqual({ displayName: 'مریم Tehrani', phone: e164(phone) });
      await context.close();
    });

    it('asks for the two-step password when the account has one', async () => {
      const user = await platform.signUp('رضا');
      const set = await platform.gql('mutation { setTwoStepPassword(newPassword: "kelid-e-man") }', undefined, user.token);
      expect(set.data.setTwoStepPassword).toBe(true);
      const { context, page } = await newPerson(browser, platform);
      await page.goto('/');
      await page.getByLabel('شمارهٔ موبایل').fill(`0${user.phone.slice(3)}`);
      await page.getByRole('button', { name: 'ارسال کد' }).click();
      await page.getByLabel('کد تأیید').waitFor();
      await page.getByLabel('کد تأیید').fill(await waitFor(() => platform.lastCode(user.phone)));
      await page.getByLabel('رمز دومرحله‌ای').fill('wrong-password');
      await page.getByRole('button', { name: 'ورود' }).click();
      await page.getByRole('alert').filter({ hasText: 'رمز دومرحله‌ای درست نیست' }).waitFor();
      await page.getByLabel('رمز دومرحله‌ای').fill('kelid-e-man');
      await page.getByRole('button', { name: 'ورود' }).click();
      await page.getByRole('navigation', { name: 'بخش‌ها' }).waitFor();
      await context.close();
    });
  });

  describe('settings', () => {
    it('lists sessions and revokes another one; edits the profile; refreshes a rejected token; signs out', async () => {
      const { context, page } = await newPerson(browser, platform);
      const { phone } = await signUpInUi(page, platform, 'سارا');
      // A second session of the same person, from "another device".
      await platform.gql('mutation($p:String!){ requestLoginCode(phone:$p){ phone } }', { p: phone });
      const other = await platform.gql('mutation($i:SignInInput!){ signIn(input:$i){ accessToken session { id } } }', {
        i: { phone, code: platform.lastCode(phone), deviceName: 'Android 14 — Bale' },
      });
      expect(other.errors).toBeUndefined();

      await page.getByRole('link', { name: 'تنظیمات' }).click();
      const sessions = page.getByRole('list', { name: 'نشست‌ها' }).getByRole('listitem');
      await waitFor(async () => (await sessions.count()) === 2);
      await expect(page.getByText('همین دستگاه').count()).resolves.toBe(1);
      expect(await axeBothSchemes(page)).toEqual([]);
      await screenshots(page, 'settings');
      await page.getByRole('button', { name: 'پایان نشست Android 14 — Bale' }).click();
      await waitFor(async () => (await sessions.count()) === 1);
      await waitFor(
        async () => errorCode(await platform.gql('{ me { id } }', undefined, other.data.signIn.accessToken)) === 'UNAUTHENTICATED',
      );

      await page.getByLabel('نام کاربری').fill(`sara_${Date.now().toString(36)}`);
      await page.getByLabel('دربارهٔ من').fill('Hello سلام');
      await page.getByRole('button', { name: 'ذخیرهٔ نمایه' }).click();
      await page.getByText('نمایه ذخیره شد').waitFor();

      // No token where a script could read it: the refresh token is an HttpOnly cookie scoped to /auth, the access token in memory.
      const stored = JSON.stringify(await page.evaluate(`({ ...localStorage, ...sessionStorage, cookie: document.cookie })`));
      expect(stored).not.toMatch(/eyJ|refresh/i);
      const cookies = await context.cookies();
      const refresh = cookies.find((c) => c.name === 'superapp_refresh')!;
      expect(refresh).toMatchObject({ path: '/auth', httpOnly: true, secure: true, sameSite: 'Strict' });

      // A reload keeps the session: a new access token from the cookie, and the requests go through.
      await page.reload();
      await page.getByRole('list', { name: 'نشست‌ها' }).getByRole('listitem').first().waitFor();
      const after = await readAuth(page);
      expect((await platform.gql('{ me { bio } }', undefined, after.accessToken)).data.me.bio).toBe('Hello سلام');
      // The cookie rotated: the value seen before is spent.
      expect((await context.cookies()).find((c) => c.name === 'superapp_refresh')!.value).not.toBe(refresh.value);

      await page.getByRole('button', { name: 'خروج از حساب در این مرورگر' }).click();
      await page.getByRole('button', { name: 'ارسال کد' }).waitFor(); // the sign-in screen (Settings has a phone field of its own)
      expect(await page.evaluate(`localStorage.getItem('superapp.session')`)).toBeNull();
      await waitFor(async () => !(await context.cookies()).some((c) => c.name === 'superapp_refresh'));
      expect(errorCode(await platform.gql('{ me { id } }', undefined, after.accessToken))).toBe('UNAUTHENTICATED');
      await context.close();
    });
  });
});
