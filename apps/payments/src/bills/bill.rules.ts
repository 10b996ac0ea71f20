import { DomainError } from '@app/common';
import { BillType, ErrorCode } from '@app/contracts';
import { toAsciiDigits } from '@app/persian';

/**
 * Iranian utility bills, as the banks' informatics commission defines them.
 *
 * bill id (6..13 digits):    file code (1..8) · company code (3) · type (1) · check digit (1)
 * payment id (6..13 digits): amount in thousands of rials (1..8) · year (1) · period (2) · C1 · C2
 *
 * Check digit of a string of digits: weights 2,3,4,5,6,7 repeating from its
 * rightmost digit; r = sum mod 11; the digit is 0 when r < 2, else 11 − r.
 * The bill id's last digit checks the rest of it; C1 checks the payment id
 * without its last two digits; C2 checks the bill id followed by the payment
 * id without its last digit.
 */

export type BillFailure = 'FORMAT' | 'BILL_ID_CHECK_DIGIT' | 'UNKNOWN_TYPE' | 'PAYMENT_ID_CHECK_DIGIT' | 'PAIR_CHECK_DIGIT' | 'AMOUNT';

export interface Bill {
  billId: string;
  paymentId: string;
  type: BillType;
  companyCode: string;
  /** Rials. */
  amount: bigint;
}

const TYPES: Record<string, BillType | undefined> = {
  '1': 'WATER',
  '2': 'ELECTRICITY',
  '3': 'GAS',
  '4': 'LANDLINE',
  '5': 'MOBILE',
  '6': 'MUNICIPALITY',
  '7': 'OTHER',
  '8': 'TAX',
  '9': 'TRAFFIC_FINE',
};

/** Persian names for receipts and history. */
export const BILL_TYPE_NAMES: Record<BillType, string> = {
  WATER: 'آب',
  ELECTRICITY: 'برق',
  GAS: 'گاز',
  LANDLINE: 'تلفن ثابت',
  MOBILE: 'تلفن همراه',
  MUNICIPALITY: 'عوارض شهرداری',
  OTHER: 'سایر',
  TAX: 'مالیات',
  TRAFFIC_FINE: 'جریمه رانندگی',
};

export function checkDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, weight = 2; i >= 0; i--, weight = weight === 7 ? 2 : weight + 1) {
    sum += Number(digits[i]) * weight;
  }
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

function invalid(reason: BillFailure, message: string, field: string): DomainError {
  return new DomainError(ErrorCode.InvalidBill, message, { reason, field });
}

/** Digits only: Persian and Arabic-Indic digits folded, spaces and dashes dropped; null when anything else is there. */
export function billDigits(raw: string): string | null {
  const folded = toAsciiDigits(raw).replace(/[\s\u200c\u200e\u200f\-\u2010-\u2015\u2212_]/g, '');
  return /^\d+$/.test(folded) ? folded : null;
}

function stripZeros(digits: string): string {
  return digits.replace(/^0+/, '');
}

/**
 * Checks a bill id and payment id in the contract's order (FORMAT,
 * BILL_ID_CHECK_DIGIT, UNKNOWN_TYPE, PAYMENT_ID_CHECK_DIGIT, PAIR_CHECK_DIGIT,
 * then AMOUNT against the largest bill we accept) and decodes them.
 */
export function parseBill(rawBillId: string, rawPaymentId: string, maxRials: bigint): Bill {
  const billDigitsOnly = billDigits(rawBillId);
  const paymentDigitsOnly = billDigits(rawPaymentId);
  const billId = billDigitsOnly === null ? null : stripZeros(billDigitsOnly);
  const paymentId = paymentDigitsOnly === null ? null : stripZeros(paymentDigitsOnly);
  if (billId === null || billId.length < 6 || billId.length > 13) {
    throw invalid('FORMAT', 'A bill id is 6 to 13 digits', 'billId');
  }
  if (paymentId === null || paymentId.length < 6 || paymentId.length > 13) {
    throw invalid('FORMAT', 'A payment id is 6 to 13 digits', 'paymentId');
  }
  if (checkDigit(billId.slice(0, -1)) !== Number(billId.at(-1))) {
    throw invalid('BILL_ID_CHECK_DIGIT', 'The bill id is mistyped: its check digit does not match', 'billId');
  }
  const type = TYPES[billId.at(-2)!];
  if (!type) throw invalid('UNKNOWN_TYPE', 'The bill id names no known bill type', 'billId');
  if (checkDigit(paymentId.slice(0, -2)) !== Number(paymentId.at(-2))) {
    throw invalid('PAYMENT_ID_CHECK_DIGIT', 'The payment id is mistyped: its check digit does not match', 'paymentId');
  }
  if (checkDigit(billId + paymentId.slice(0, -1)) !== Number(paymentId.at(-1))) {
    throw invalid('PAIR_CHECK_DIGIT', 'The payment id does not belong to this bill id', 'paymentId');
  }
  const amount = BigInt(paymentId.slice(0, -5)) * 1000n;
  if (amount <= 0n || amount > maxRials) {
    throw invalid('AMOUNT', 'This bill cannot be paid from the wallet: its amount is out of range', 'paymentId');
  }
  return { billId, paymentId, type, companyCode: billId.slice(-5, -2), amount };
}

/** The 26-digit barcode: the bill id and the payment id, each left-padded with zeros to 13 digits. */
export function parseBarcode(raw: string, maxRials: bigint): Bill {
  const digits = billDigits(raw);
  if (digits === null || digits.length !== 26) {
    throw invalid('FORMAT', 'A bill barcode is 26 digits', 'barcode');
  }
  return parseBill(digits.slice(0, 13), digits.slice(13), maxRials);
}

/** Builds a valid bill (for tests, benchmarks and examples): the check digits computed, not guessed. */
export function makeBill(
  fileCode: string,
  companyCode: string,
  typeDigit: number,
  amountThousands: number,
  year: number,
  period: number,
): { billId: string; paymentId: string } {
  const billBody = `${fileCode}${companyCode.padStart(3, '0')}${typeDigit}`;
  const billId = stripZeros(billBody + checkDigit(billBody));
  const payBody = `${amountThousands}${year % 10}${String(period).padStart(2, '0')}`;
  const withC1 = payBody + checkDigit(payBody);
  return { billId, paymentId: withC1 + checkDigit(billId + withC1) };
}
