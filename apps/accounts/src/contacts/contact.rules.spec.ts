import { cleanContactName, cleanContacts, phoneOrNull } from './contact.rules';

describe('contact rules', () => {
  it('normalizes numbers like sign-in numbers and collapses duplicates, the last name winning', () => {
    const result = cleanContacts([
      { phone: '۰۹۱۲ ۱۲۳ ۴۵۶۷', name: 'مریم' },
      { phone: '+98 912 123 45 67', name: 'مریم جان' },
      { phone: '00989351112233', name: 'علي' },
    ]);
    expect(result.entries).toEqual([
      { phone: '+989121234567', name: 'مریم جان' },
      { phone: '+989351112233', name: 'علی' },
    ]);
    expect(result.skipped).toBe(0);
  });

  it('drops what is not a mobile number, counting it as skipped', () => {
    const result = cleanContacts([
      { phone: '021 8888 7777', name: 'دفتر' },
      { phone: '+1 415 555 0100', name: 'Bob' },
      { phone: 'not a number', name: 'x' },
      { phone: '09121234567', name: 'a' },
    ]);
    expect(result.entries).toHaveLength(1);
    expect(result.skipped).toBe(3);
  });

  it('names: trimmed, spaces collapsed, cut to 64 characters, the number when empty', () => {
    expect(cleanContactName('  سارا \u00a0 احمدی ', '+989121234567')).toBe('سارا احمدی');
    expect([...cleanContactName('ب'.repeat(100), '+989121234567')]).toHaveLength(64);
    expect(cleanContactName('   ', '+989121234567')).toBe('+989121234567');
  });

  it('phoneOrNull answers null rather than throwing', () => {
    expect(phoneOrNull('0912')).toBeNull();
    expect(phoneOrNull('9121234567')).toBe('+989121234567');
  });
});
