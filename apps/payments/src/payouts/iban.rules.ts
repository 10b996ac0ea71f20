import { DomainError } from '@app/common';
import { ErrorCode } from '@app/contracts';
import { toAsciiDigits } from '@app/persian';
import { IRANIAN_BANKS, IranianBank } from './iranian-banks';

/**
 * Iranian IBANs (Sheba), per ISO 13616: "IR", two check digits, then 22
 * digits of which the first three name the bank (010 … 095) and the rest
 * are the account. The check
 * digits hold when the number, its first four characters moved to the end
 * and each letter replaced by two digits (A = 10 … Z = 35), is 1 mod 97.
 */

export type IbanFailure = 'FORMAT' | 'CHECKSUM' | 'UNKNOWN_BANK';

export interface Iban {
  /** IR and 24 ASCII digits. */
  iban: string;
  bank: IranianBank;
}

export type IbanCheck = { ok: true; value: Iban } | { ok: false; reason: IbanFailure };

/** Spaces, dashes, ZWNJ and bidi marks people paste along with a number. */
const NOISE = /[\s\-_.\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Persian or Arabic digits to ASCII, noise removed, letters upper-cased; "IR" added when only the 24 digits were typed. */
export function normalizeIban(raw: string): string {
  const compact = toAsciiDigits(raw).replace(NOISE, '').toUpperCase();
  return /^\d{24}$/.test(compact) ? `IR${compact}` : compact;
}

/** The remainder mod 97 of a long string of digits and letters, taken piece by piece (no big numbers). */
export function mod97(text: string): number {
  let remainder = 0;
  for (const ch of text) {
    const value = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : Number(ch);
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

export function checkIban(raw: string): IbanCheck {
  const iban = normalizeIban(raw);
  if (!/^IR\d{24}$/.test(iban)) return { ok: false, reason: 'FORMAT' };
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) return { ok: false, reason: 'CHECKSUM' };
  const bank = IRANIAN_BANKS.get(iban.slice(4, 7));
  if (!bank) return { ok: false, reason: 'UNKNOWN_BANK' };
  return { ok: true, value: { iban, bank } };
}

const MESSAGES: Record<IbanFailure, string> = {
  FORMAT: 'A Sheba number is IR followed by 24 digits',
  CHECKSUM: 'This Sheba number has a typo: its check digits do not match',
  UNKNOWN_BANK: 'No Iranian bank has the code in this Sheba number',
};

/** The IBAN, or INVALID_IBAN with its reason. */
export function parseIban(raw: string): Iban {
  const check = checkIban(raw);
  if (!check.ok) throw new DomainError(ErrorCode.InvalidIban, MESSAGES[check.reason], { reason: check.reason });
  return check.value;
}

/** The check digits that make a body valid: for tests and the sandbox's examples. */
export function withCheckDigits(bban: string): string {
  const check = 98 - mod97(`${bban}IR00`);
  return `IR${String(check).padStart(2, '0')}${bban}`;
}

/** IR06 0120 0000 … : groups of four, as printed on cards and statements. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}
