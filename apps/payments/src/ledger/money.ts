import { DomainError } from '@app/common';

/** The largest amount a bigint column holds. */
const MAX_RIALS = 9_223_372_036_854_775_807n;

/** Rials from the wire (a decimal string), as a bigint; BAD_USER_INPUT when not a positive whole number. */
export function parseRials(value: string, field = 'amount'): bigint {
  if (!/^\d{1,19}$/.test(value)) throw DomainError.badInput(field, 'An amount is a whole number of rials');
  const rials = BigInt(value);
  if (rials <= 0n) throw DomainError.badInput(field, 'The amount must be more than zero');
  if (rials > MAX_RIALS) throw DomainError.badInput(field, 'The amount is too large');
  return rials;
}

/** Persian digits for messages people read: 1250000 → ۱٬۲۵۰٬۰۰۰. */
export function formatRials(rials: bigint | string): string {
  return BigInt(rials).toLocaleString('fa-IR');
}
