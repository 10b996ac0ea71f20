import { Browser, BrowserContext, Page } from 'playwright-core';
import { TestPlatform } from '@test/support';
import { DESKTOP, newPerson, readAuth, signUpInUi } from './browser';

export interface Person {
  context: BrowserContext;
  page: Page;
  token: string;
  userId: string;
  username: string;
  name: string;
  phone: string;
}

let n = 0;

/** A person signed up through the UI, with a username set through the API (so others can find them). */
export async function person(browser: Browser, platform: TestPlatform, name: string, viewport = DESKTOP): Promise<Person> {
  const { context, page } = await newPerson(browser, platform, viewport);
  const { phone } = await signUpInUi(page, platform, name);
  const auth = await readAuth(page);
  const username = `u${Date.now().toString(36)}${n++}`;
  const r = await platform.gql('mutation($u:String!){ updateProfile(input:{username:$u}){ id } }', { u: username }, auth.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return { context, page, token: auth.accessToken, userId: auth.userId, username, name, phone };
}

/** A opens a direct chat with B the way a person does: new chat, @username, pick. */
export async function startChat(a: Person, b: Person): Promise<string> {
  await a.page.getByRole('link', { name: 'گفتگوها' }).click();
  await a.page.getByRole('button', { name: 'گفتگوی تازه' }).first().click();
  await a.page.getByLabel('نام یا نام کاربری').fill(`@${b.username}`);
  await a.page
    .getByRole('dialog')
    .getByRole('button', { name: new RegExp(b.name) })
    .click();
  await a.page.getByRole('log', { name: 'پیام‌ها' }).waitFor();
  return new URL(a.page.url()).pathname.split('/').pop()!;
}

export const bubbles = (p: Page) => p.getByRole('log', { name: 'پیام‌ها' }).locator('.msg');
/** The message whose own text (or payment, receipt or post card) says this; a quote of it in a reply does not count. */
export const bubble = (p: Page, text: string | RegExp) =>
  bubbles(p).filter({ has: p.locator('.bubble > .text, .bubble > .special').filter({ hasText: text }) });

export async function send(p: Page, text: string): Promise<void> {
  await p.getByLabel('متن پیام').fill(text);
  await p.getByLabel('متن پیام').press('Enter');
}

/** Tops a wallet up through the sandbox bank, as the browser would. */
export async function fund(platform: TestPlatform, token: string, amount: string, key: string): Promise<void> {
  const started = await platform.gql(
    'mutation($a:Money!,$k:String!){ startTopUp(amount:$a, idempotencyKey:$k){ paymentUrl } }',
    { a: amount, k: key },
    token,
  );
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  const pay = await fetch(started.data.startTopUp.paymentUrl, {
    method: 'POST',
    body: new URLSearchParams({ action: 'pay' }),
    redirect: 'manual',
  });
  await fetch(pay.headers.get('location')!);
}
