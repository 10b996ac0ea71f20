import { Browser } from 'playwright-core';
import { TestPlatform } from '@test/support';
import { expectLedgerVerifies, fund } from '../../../apps/payments/test/support';
import { ibanEndingIn } from '../payouts-support';
import { axeBothSchemes, fa, launchChromium, newPerson, readAuth, screenshots, signUpInUi, startWebPlatform } from './support/browser';

jest.setTimeout(240_000);

/** An IBAN as a person might type it: Persian digits in groups of four. */
const typed = (iban: string) =>
  fa(iban.slice(2))
    .replace(/(.{4})/g, '$1 ')
    .trim();

describe('web app: payouts to a bank account', () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startWebPlatform(['accounts', 'payments'], {
      PAYOUT_SEND_DELAY_MS: '0',
      PAYOUT_SANDBOX_DELAY_MS: '500',
      PAYOUT_POLL_MS: '100',
      PAYOUT_FEE_RIALS: '5000',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await expectLedgerVerifies(platform);
    await browser?.close();
    await platform?.close();
  });

  it('adds a Sheba with a live check, shows the fee before confirming, and the payout turns settled live; a failed one gives the money back', async () => {
    const { context, page } = await newPerson(browser, platform);
    await signUpInUi(page, platform, 'نگار');
    const token = (await readAuth(page)).accessToken;
    await fund(platform, token, '1000000');
    await page.getByRole('link', { name: 'کیف پول' }).click();
    await page.getByTestId('balance').getByText('۱٬۰۰۰٬۰۰۰ ریال').waitFor();

    const iban = ibanEndingIn('1234', '017');
    const field = page.getByLabel('شمارهٔ شبا');
    // A typo is caught while typing, with the reason.
    const wrong = iban.slice(0, 12) + ((Number(iban[12]) + 1) % 10) + iban.slice(13);
    await field.fill(typed(wrong));
    await page.getByTestId('iban-check').getByText('رقم کنترل نمی‌خواند', { exact: false }).waitFor();
    await field.fill(typed(iban));
    await page.getByTestId('iban-check').getByText('بانک ملی ایران').waitFor();
    await page.getByRole('button', { name: 'افزودن حساب' }).click();
    const account = page.getByTestId('bank-account').filter({ hasText: 'بانک ملی ایران' });
    await account.waitFor();

    await account.getByRole('button', { name: 'برداشت' }).click();
    await page.getByTestId('owner-name').getByText('به نام', { exact: false }).waitFor();
    await page.getByLabel('مبلغ (ریال)').fill('۲۰۰۰۰۰');
    const quote = page.getByTestId('payout-quote');
    await quote.getByText('۵٬۰۰۰ ریال', { exact: true }).waitFor();
    await quote.getByText('۲۰۵٬۰۰۰ ریال').waitFor();
    await page.getByRole('button', { name: 'ادامه' }).click();
    // The last look before the money moves: where to, the fee and what leaves the wallet.
    await page.getByTestId('confirm-amount').getByText('۲۰۰٬۰۰۰ ریال').waitFor();
    await page.getByRole('dialog').getByText('۲۰۵٬۰۰۰ ریال').waitFor();
    await page.getByRole('button', { name: 'تأیید و برداشت' }).click();
    await page.getByTestId('balance').getByText('۷۹۵٬۰۰۰ ریال').waitFor();
    await page.locator('[data-testid="payout"][data-status="SUCCEEDED"]').getByText('واریز شد').waitFor();
    expect(await axeBothSchemes(page)).toEqual([]);
    await screenshots(page, 'payouts');

    // To an account the sandbox refuses (ending in 9999): FAILED, live, and the money is back.
    await field.fill(typed(ibanEndingIn('9999', '012')));
    await page.getByTestId('iban-check').getByText('بانک ملت').waitFor();
    await page.getByRole('button', { name: 'افزودن حساب' }).click();
    const refused = page.getByTestId('bank-account').filter({ hasText: 'بانک ملت' });
    await refused.getByRole('button', { name: 'برداشت' }).click();
    await page.getByLabel('مبلغ (ریال)').fill('100000');
    await page.getByTestId('payout-quote').getByText('۱۰۵٬۰۰۰ ریال').waitFor();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByRole('button', { name: 'تأیید و برداشت' }).click();
    await page.locator('[data-testid="payout"][data-status="FAILED"]').waitFor();
    await page.getByTestId('balance').getByText('۷۹۵٬۰۰۰ ریال').waitFor();
    await page.getByRole('list', { name: 'تراکنش‌ها' }).getByText('بازگشت برداشت', { exact: true }).waitFor();
    await context.close();
  });
});
