import { DomainError } from '@app/common';
import { billDigits, checkDigit, makeBill, parseBarcode, parseBill } from './bill.rules';

const MAX = 10_000_000_000n;

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('INVALID_BILL');
    return (err as DomainError).extra.reason;
  }
  return undefined;
}

const toPersian = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
const toArabicIndic = (s: string) => s.replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]);

describe('bill rules', () => {
  describe('checkDigit', () => {
    it.each([
      ['774831780014', 2],
      ['205032760461', 3],
      ['917463950412', 4],
      ['17701', 6],
      ['0', 0],
      ['1', 9],
    ])('of %s is %d', (digits, expected) => {
      expect(checkDigit(digits)).toBe(expected);
    });

    it('gives 0 when the remainder is 0 or 1', () => {
      // 6×2 = 12 → r = 1 → 0; zeros → r = 0 → 0; 5×2 + 1×3 = 13 → r = 2 → 9
      expect(checkDigit('6')).toBe(0);
      expect(checkDigit('00000000000')).toBe(0);
      expect(checkDigit('15')).toBe(9);
    });

    it('repeats the weights 2..7 from the rightmost digit', () => {
      // weights for 8 digits from the right: 2,3,4,5,6,7,2,3 → all ones sum to 32 → r = 10 → 1
      expect(checkDigit('11111111')).toBe(1);
    });
  });

  describe('parseBill with the public examples', () => {
    it.each([
      ['7748317800142', '1770160', 'LANDLINE', 17_000n, '001'],
      ['2050327604613', '1070189', 'WATER', 10_000n, '046'],
      ['9174639504124', '12908190', 'ELECTRICITY', 129_000n, '041'],
    ])('%s / %s is a %s bill of %d rials', (billId, paymentId, type, amount, company) => {
      const bill = parseBill(billId, paymentId, MAX);
      expect(bill).toEqual({ billId, paymentId, type, amount, companyCode: company });
    });

    it('refuses 9174639504124 / 12908197 on the pair check', () => {
      expect(reasonOf(() => parseBill('9174639504124', '12908197', MAX))).toBe('PAIR_CHECK_DIGIT');
    });

    it('refuses 2234322344613 / 1070189 on the bill id check', () => {
      expect(reasonOf(() => parseBill('2234322344613', '1070189', MAX))).toBe('BILL_ID_CHECK_DIGIT');
    });
  });

  describe('bills built with the algorithm', () => {
    const types = ['WATER', 'ELECTRICITY', 'GAS', 'LANDLINE', 'MOBILE', 'MUNICIPALITY', 'OTHER', 'TAX', 'TRAFFIC_FINE'];
    const cases: Array<[string, string, number, number]> = [];
    for (let typeDigit = 1; typeDigit <= 9; typeDigit++) {
      for (const [file, company, thousands] of [
        ['1', '001', 1],
        ['12345678', '123', 99_999_999],
        ['4567', '9', 250],
        ['73', '045', 1234],
      ] as const) {
        cases.push([file, company, typeDigit, thousands]);
      }
    }

    it.each(cases)('file %s company %s type %d amount %d thousand decodes back', (file, company, typeDigit, thousands) => {
      const { billId, paymentId } = makeBill(file, company, typeDigit, thousands, 3, 7);
      const bill = parseBill(billId, paymentId, 10n ** 12n);
      expect(bill.type).toBe(types[typeDigit - 1]);
      expect(bill.amount).toBe(BigInt(thousands) * 1000n);
      expect(bill.companyCode).toBe(company.padStart(3, '0'));
      expect(bill.billId).toBe(billId);
      expect(bill.billId.length).toBeGreaterThanOrEqual(6);
      expect(bill.billId.length).toBeLessThanOrEqual(13);
      expect(bill.paymentId.length).toBeGreaterThanOrEqual(6);
      expect(bill.paymentId.length).toBeLessThanOrEqual(13);
    });

    it('catches every single-digit change of a bill id or a payment id', () => {
      const { billId, paymentId } = makeBill('5310', '017', 2, 48, 4, 11);
      let caught = 0;
      let tried = 0;
      for (const [which, value] of [
        ['bill', billId],
        ['payment', paymentId],
      ] as const) {
        for (let i = 0; i < value.length; i++) {
          for (let d = 0; d <= 9; d++) {
            if (String(d) === value[i] || (i === 0 && d === 0)) continue;
            const changed = value.slice(0, i) + d + value.slice(i + 1);
            tried++;
            const reason =
              which === 'bill' ? reasonOf(() => parseBill(changed, paymentId, MAX)) : reasonOf(() => parseBill(billId, changed, MAX));
            if (reason) caught++;
          }
        }
      }
      expect(tried).toBeGreaterThan(100);
      expect(caught).toBe(tried);
    });
  });

  describe('reasons, in the contract order', () => {
    const good = makeBill('99887766', '512', 5, 320, 4, 2); // a MOBILE bill of 320,000 rials

    it('is FORMAT for letters, too few or too many digits, on either number', () => {
      expect(reasonOf(() => parseBill('12a45678', good.paymentId, MAX))).toBe('FORMAT');
      expect(reasonOf(() => parseBill('12345', good.paymentId, MAX))).toBe('FORMAT');
      expect(reasonOf(() => parseBill('12345678901234', good.paymentId, MAX))).toBe('FORMAT');
      expect(reasonOf(() => parseBill(good.billId, '', MAX))).toBe('FORMAT');
      expect(reasonOf(() => parseBill(good.billId, '000012345', MAX))).toBe('FORMAT');
      expect(reasonOf(() => parseBill(good.billId, '1.5e10', MAX))).toBe('FORMAT');
    });

    it('checks FORMAT before the bill id check digit', () => {
      expect(reasonOf(() => parseBill('2234322344613', 'x', MAX))).toBe('FORMAT');
    });

    it('is BILL_ID_CHECK_DIGIT before UNKNOWN_TYPE', () => {
      // type digit 0 and a wrong check digit: the check digit is reported
      const body = '123456780';
      const wrong = body + ((checkDigit(body) + 1) % 10);
      expect(reasonOf(() => parseBill(wrong, good.paymentId, MAX))).toBe('BILL_ID_CHECK_DIGIT');
    });

    it('is UNKNOWN_TYPE for type digit 0 with a right check digit', () => {
      const body = '123456780';
      expect(reasonOf(() => parseBill(body + checkDigit(body), good.paymentId, MAX))).toBe('UNKNOWN_TYPE');
    });

    it('is UNKNOWN_TYPE before PAYMENT_ID_CHECK_DIGIT', () => {
      const body = '123456780';
      expect(reasonOf(() => parseBill(body + checkDigit(body), '1234567', MAX))).toBe('UNKNOWN_TYPE');
    });

    it('is PAYMENT_ID_CHECK_DIGIT when C1 is wrong', () => {
      const c1 = Number(good.paymentId.at(-2));
      const bad = good.paymentId.slice(0, -2) + ((c1 + 1) % 10) + good.paymentId.at(-1);
      expect(reasonOf(() => parseBill(good.billId, bad, MAX))).toBe('PAYMENT_ID_CHECK_DIGIT');
    });

    it('is PAIR_CHECK_DIGIT when only C2 is wrong, or the payment id belongs to another bill', () => {
      const c2 = Number(good.paymentId.at(-1));
      expect(reasonOf(() => parseBill(good.billId, good.paymentId.slice(0, -1) + ((c2 + 1) % 10), MAX))).toBe('PAIR_CHECK_DIGIT');
      // each public example's payment id under the other's bill id
      expect(reasonOf(() => parseBill('2050327604613', '1770160', MAX))).toBe('PAIR_CHECK_DIGIT');
      expect(reasonOf(() => parseBill('7748317800142', '1070189', MAX))).toBe('PAIR_CHECK_DIGIT');
    });

    it('is AMOUNT for a valid bill above the largest amount accepted', () => {
      const big = makeBill('1234', '100', 8, 99_999_999, 5, 1); // 99,999,999,000 rials of tax
      expect(reasonOf(() => parseBill(big.billId, big.paymentId, MAX))).toBe('AMOUNT');
      expect(parseBill(big.billId, big.paymentId, 100_000_000_000n).amount).toBe(99_999_999_000n);
    });
  });

  describe('input forms', () => {
    it('accepts Persian and Arabic-Indic digits, spaces, dashes and leading zeros', () => {
      const expected = { billId: '7748317800142', paymentId: '1770160' };
      for (const [b, p] of [
        [toPersian('7748317800142'), toPersian('1770160')],
        [toArabicIndic('7748317800142'), toArabicIndic('1770160')],
        ['7748 3178 0014 2', '177-0160'],
        ['۷۷۴۸-۳۱۷۸-۰۰۱۴۲', ' ٠٠١٧٧٠١٦٠ '],
        ['0007748317800142', '0001770160'],
      ]) {
        expect(parseBill(b, p, MAX)).toMatchObject({ ...expected, type: 'LANDLINE', amount: 17_000n });
      }
    });

    it('keeps only digits', () => {
      expect(billDigits('۱۲-۳ ۴')).toBe('1234');
      expect(billDigits('12+34')).toBeNull();
    });
  });

  describe('parseBarcode', () => {
    it('splits 26 digits into two zero-padded 13-digit numbers', () => {
      const barcode = '7748317800142' + '0000001770160';
      expect(parseBarcode(barcode, MAX)).toMatchObject({
        billId: '7748317800142',
        paymentId: '1770160',
        type: 'LANDLINE',
        amount: 17_000n,
      });
      expect(parseBarcode(toPersian('2050327604613' + '0000001070189'), MAX)).toMatchObject({ type: 'WATER', amount: 10_000n });
    });

    it('is FORMAT for any other length, and checks the numbers it carries', () => {
      expect(reasonOf(() => parseBarcode('7748317800142000000177016', MAX))).toBe('FORMAT');
      expect(reasonOf(() => parseBarcode('77483178001420000001770160' + '1', MAX))).toBe('FORMAT');
      expect(reasonOf(() => parseBarcode('9174639504124' + '0000012908197', MAX))).toBe('PAIR_CHECK_DIGIT');
      expect(reasonOf(() => parseBarcode('0000000000000' + '0000001770160', MAX))).toBe('FORMAT');
    });
  });
});
