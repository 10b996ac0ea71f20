import { faDigits, toAsciiDigits } from '../../lib/format';

/** What people type (Persian digits, spaces, dashes, with or without IR) as the server reads it: IR and the digits. */
export function compactIban(typed: string): string {
  const compact = toAsciiDigits(typed)
    .replace(/[\s\-_.\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .toUpperCase();
  return /^\d/.test(compact) ? `IR${compact}` : compact;
}

/** IR۷۱ ۰۵۷۰ …: groups of four with Persian digits, to be shown left to right. */
export function showIban(iban: string): string {
  return faDigits(iban.replace(/(.{4})(?=.)/g, '$1 '));
}

export const PAYOUT_STATUS: Record<string, string> = {
  PENDING: 'در حال انجام',
  SUCCEEDED: 'واریز شد',
  FAILED: 'ناموفق؛ مبلغ به کیف پول برگشت',
  CANCELLED: 'لغو شد؛ مبلغ به کیف پول برگشت',
};
