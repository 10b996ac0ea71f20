import { normalizePhone } from './phone.rules';

describe('normalizePhone', () => {
  it.each([
    ['09121234567'],
    ['9121234567'],
    ['+989121234567'],
    ['00989121234567'],
    ['۰۹۱۲۱۲۳۴۵۶۷'],
    ['٠٩١٢١٢٣٤٥٦٧'],
    ['0912 123 4567'],
    ['0912-123-4567'],
    ['+98 912 123 45 67'],
    [' ۰۹۱۲-۱۲۳-۴۵۶۷ '],
  ])('accepts %s as +989121234567', (input) => {
    expect(normalizePhone(input)).toBe('+989121234567');
  });

  it.each([
    [''],
    ['0912123456'],
    ['091212345678'],
    ['02112345678'],
    ['+18005551234'],
    ['+98912123456a'],
    ['989121234567'],
    ['0098 21 1234 5678'],
    ['abc'],
    ['09121234567;'],
    ['+۹۸۹۱۲۱۲۳۴۵۶'],
  ])('rejects %j with BAD_USER_INPUT on phone', (input) => {
    expect(() => normalizePhone(input)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', extra: { field: 'phone' } }));
  });
});
