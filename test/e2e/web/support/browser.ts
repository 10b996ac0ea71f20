import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { randomPhone, TestPlatform } from '@test/support';
import type { ServiceName } from '@app/contracts';

const ROOT = path.resolve(__dirname, '../../../..');
/** WEB_TEST_DIST: run the browser tests against an app built elsewhere (no rebuild here). */
export const WEB_DIST = process.env.WEB_TEST_DIST ?? path.join(ROOT, 'apps/web/dist');
const RESULTS = path.join(ROOT, 'test-results/web');
const DOCS = path.join(ROOT, 'docs/screenshots');

function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of fs.readdirSync(p)) if (e !== 'gql' && e !== 'node_modules') t = Math.max(t, newest(path.join(p, e)));
  return t;
}

/** Builds the web app when dist/ is missing or older than its sources or the gateway schema. */
export function ensureWebBuilt(): void {
  if (process.env.WEB_TEST_DIST) return;
  const web = path.join(ROOT, 'apps/web');
  const sources = Math.max(
    newest(path.join(web, 'src')),
    newest(path.join(web, 'index.html')),
    newest(path.join(web, 'public')),
    newest(path.join(web, 'vite.config.ts')),
    newest(path.join(web, 'codegen.ts')),
    newest(path.join(ROOT, 'apps/gateway/schema.gql')),
  );
  const built = newest(path.join(WEB_DIST, 'index.html'));
  if (built && built >= sources) return;
  execFileSync('npm', ['run', 'build', '--workspace', 'apps/web'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
}

/** Debian's Chromium, headless, kept off the network beyond this machine. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export async function newPerson(
  browser: Browser,
  platform: TestPlatform,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP lets the tests inject axe-core; the app itself runs under the gateway's CSP otherwise.
  const context = await browser.newContext({
    baseURL: platform.url,
    viewport,
    locale: 'fa-IR',
    timezoneId: 'Asia/Tehran',
    bypassCSP: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

const FA = '۰۱۲۳۴۵۶۷۸۹';
export const fa = (s: string | number) => String(s).replace(/[0-9]/g, (d) => FA[Number(d)]);
export const e164 = (local: string) => `+98${local.slice(1)}`;

/** Signs a new person up the way a person does: phone (typed in Persian digits), SMS code, display name. */
export async function signUpInUi(page: Page, platform: TestPlatform, displayName: string): Promise<{ phone: string }> {
  const phone = randomPhone();
  await page.goto('/');
  await page.getByLabel('شمارهٔ موبایل').fill(fa(phone));
  await page.getByRole('button', { name: 'ارسال کد' }).click();
  await page.getByLabel('کد تأیید').waitFor();
  const code = await waitFor(() => platform.lastCode(e164(phone)));
  await page.getByLabel('کد تأیید').fill(code); // the fifth digit submits
  await page.getByLabel('نام نمایشی').fill(displayName);
  await page.getByRole('button', { name: 'ساخت حساب' }).click();
  await page.getByRole('navigation', { name: 'بخش‌ها' }).waitFor();
  return { phone: e164(phone) };
}

export async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Saves the page at phone and desktop sizes, light and dark (`-dark-`), under test-results/web/; the
 * committed copies under docs/screenshots/ are written when missing or when
 * UPDATE_SCREENSHOTS=1.
 */
export async function screenshots(page: Page, name: string, sizes: ('phone' | 'desktop')[] = ['phone', 'desktop']): Promise<void> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const original = page.viewportSize();
  for (const scheme of ['light', 'dark'] as const) {
    // The app follows the device's scheme unless Settings chose one.
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of sizes) {
      await page.setViewportSize(size === 'phone' ? PHONE : DESKTOP);
      await page.evaluate(`document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))`);
      const base = scheme === 'dark' ? `${name}-dark-${size}.png` : `${name}-${size}.png`;
      const file = path.join(RESULTS, base);
      await page.screenshot({ path: file });
      const doc = path.join(DOCS, base);
      if (!process.env.CI && (process.env.UPDATE_SCREENSHOTS === '1' || !fs.existsSync(doc))) {
        fs.mkdirSync(DOCS, { recursive: true });
        fs.copyFileSync(file, doc);
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (original) await page.setViewportSize(original);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the current page: the serious and critical violations (WCAG 2 A and AA). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)`,
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

/** axe on the current page in the light and in the dark scheme: the serious and critical violations of either. */
export async function axeBothSchemes(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    found.push(...(await axeViolations(page)).map((v) => `${scheme}: ${v}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/**
 * The platform for browser tests: the gateway serves the built app, and
 * payments' PUBLIC_URL points at that gateway so the sandbox bank's pages and
 * callbacks are real URLs the browser follows. Media always runs: the app
 * shows an avatar wherever a user or channel appears.
 */
export async function startWebPlatform(requested: ServiceName[], env: Record<string, string> = {}): Promise<TestPlatform> {
  ensureWebBuilt();
  const services = [...new Set<ServiceName>([...requested, 'media'])];
  const platform = await TestPlatform.start({ services, env: { WEB_DIST_DIR: WEB_DIST, ...env } });
  if (services.includes('payments')) {
    await platform.stopService('payments');
    await platform.startService('payments', { PUBLIC_URL: platform.url });
  }
  return platform;
}

/**
 * An access token of the page's session, for the test to call the API as
 * that person: asked from /auth/refresh in the page, with the page's refresh
 * cookie (which no script can read), as the app itself refreshes.
 */
export function readAuth(page: Page): Promise<{ accessToken: string; userId: string }> {
  return page.evaluate(
    `fetch('/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json())`,
  );
}

/**
 * An element's tag, its parent's tag and its computed bidi: a link isolated as
 * the app isolates them reads ['A', 'BDI', 'ltr', 'isolate']. (A function
 * built from text: the tests compile without the DOM's types.)
 */
export function bidiOf(locator: Locator): Promise<string[]> {
  const fn = new Function(
    'el',
    'const s = getComputedStyle(el); return [el.tagName, el.parentElement.tagName, s.direction, s.unicodeBidi];',
  ) as (el: unknown) => string[];
  return locator.evaluate(fn);
}

/** What a person gets on the clipboard by selecting the element and copying (Ctrl+C), as the page hands it over. */
export function copiedText(locator: Locator): Promise<string> {
  const fn = new Function(
    'el',
    `getSelection().selectAllChildren(el);
     const data = new DataTransfer();
     el.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }));
     return data.getData('text/plain');`,
  ) as (el: unknown) => string;
  return locator.evaluate(fn);
}
