import { DomainError } from '@app/common';
import { toAsciiDigits } from '@app/persian';

const FORMS = [/^09(\d{9})$/, /^9(\d{9})$/, /^\+989(\d{9})$/, /^00989(\d{9})$/];

/**
 * An Iranian mobile number in any form people type (09…, 9…, +989…, 00989…,
 * Persian or Arabic-Indic digits, spaces and dashes) as E.164 (+989…).
 */
export function normalizePhone(input: string): string {
  const compact = toAsciiDigits(input).replace(/[\s\-\u200c\u200f\u200e()]/g, '');
  for (const form of FORMS) {
    const match = form.exec(compact);
    if (match) return `+989${match[1]}`;
  }
  throw DomainError.badInput('phone', 'Enter an Iranian mobile number, e.g. 09121234567');
}
