import { DomainError } from '@app/common';
import { ErrorCode } from '@app/contracts';
import { checkIban, formatIban, mod97, normalizeIban, parseIban, withCheckDigits } from './iban.rules';
import { IRANIAN_BANKS } from './iranian-banks';

/** The example in SWIFT's IBAN registry for Iran (bank 057, Pasargad). */
const REGISTRY_EXAMPLE = 'IR710570029971601460641001';

describe('Iranian IBAN (Sheba) rules', () => {
  it('accepts the IBAN registry example and names its bank', () => {
    expect(checkIban(REGISTRY_EXAMPLE)).toEqual({ ok: true, value: { iban: REGISTRY_EXAMPLE, bank: IRANIAN_BANKS.get('057') } });
    expect(parseIban(REGISTRY_EXAMPLE).bank.name).toBe('بانک پاسارگاد');
  });

  it('accepts Persian and Arabic-Indic digits, spaces, dashes, bidi marks, lower case and a missing IR', () => {
    const forms = [
      'IR71 0570 0299 7160 1460 6410 01',
      'ir710570029971601460641001',
      'IR۷۱۰۵۷۰۰۲۹۹۷۱۶۰۱۴۶۰۶۴۱۰۰۱',
      'IR٧١٠٥٧٠٠٢٩٩٧١٦٠١٤٦٠٦٤١٠٠١',
      '\u200fIR71-0570-0299-7160-1460-6410-01\u200e',
      '۷۱ ۰۵۷۰ ۰۲۹۹ ۷۱۶۰ ۱۴۶۰ ۶۴۱۰ ۰۱',
    ];
    for (const form of forms) expect(parseIban(form).iban).toBe(REGISTRY_EXAMPLE);
  });

  it('computes ISO 13616 check digits that verify, for every bank in the table', () => {
    for (const bank of IRANIAN_BANKS.values()) {
      const iban = withCheckDigits(`${bank.code}0000001234567890123`);
      expect(checkIban(iban)).toEqual({ ok: true, value: { iban, bank } });
    }
  });

  it('catches every single-digit typo and every swap of two neighbouring digits', () => {
    const body = REGISTRY_EXAMPLE.slice(2);
    for (let i = 0; i < body.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === body[i]) continue;
        const typo = `IR${body.slice(0, i)}${d}${body.slice(i + 1)}`;
        const result = checkIban(typo);
        expect(result.ok ? 'accepted' : result.reason).not.toBe('accepted');
      }
      if (i + 1 < body.length && body[i] !== body[i + 1]) {
        const swapped = `IR${body.slice(0, i)}${body[i + 1]}${body[i]}${body.slice(i + 2)}`;
        expect(checkIban(swapped).ok).toBe(false);
      }
    }
  });

  it('tells FORMAT, CHECKSUM and UNKNOWN_BANK apart', () => {
    expect(checkIban('')).toEqual({ ok: false, reason: 'FORMAT' });
    expect(checkIban('IR7105700299716014606410')).toEqual({ ok: false, reason: 'FORMAT' });
    expect(checkIban('DE89370400440532013000')).toEqual({ ok: false, reason: 'FORMAT' });
    expect(checkIban('IR71057002997160146064100A')).toEqual({ ok: false, reason: 'FORMAT' });
    expect(checkIban('IR720570029971601460641001')).toEqual({ ok: false, reason: 'CHECKSUM' });
    expect(checkIban(withCheckDigits('9990029971601460641001'))).toEqual({ ok: false, reason: 'UNKNOWN_BANK' });
    expect(checkIban(withCheckDigits('0230029971601460641001'))).toEqual({ ok: false, reason: 'UNKNOWN_BANK' });
  });

  it('refuses with INVALID_IBAN and the reason', () => {
    let error: unknown;
    try {
      parseIban('IR720570029971601460641001');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).toPayload()).toMatchObject({ code: ErrorCode.InvalidIban, reason: 'CHECKSUM' });
  });

  it('has a Persian name and a colour for every bank code, each code three digits', () => {
    expect(IRANIAN_BANKS.size).toBeGreaterThanOrEqual(35);
    for (const [code, bank] of IRANIAN_BANKS) {
      expect(code).toMatch(/^0\d\d$/);
      expect(bank.name).toMatch(/^(بانک|پست بانک|مؤسسه)/);
      expect(bank.color).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(IRANIAN_BANKS.get('017')!.name).toBe('بانک ملی ایران');
    expect(IRANIAN_BANKS.get('012')!.name).toBe('بانک ملت');
  });

  it('computes mod 97 of long numbers without losing digits', () => {
    expect(mod97('3214282912345698765432161182')).toBe(Number(3214282912345698765432161182n % 97n));
    expect(normalizeIban(' ir 71 ')).toBe('IR71');
    expect(formatIban(REGISTRY_EXAMPLE)).toBe('IR71 0570 0299 7160 1460 6410 01');
  });
});
