import { maskPhone, scrub, serializeError } from './redaction';

describe('log redaction', () => {
  it('masks all but the last 4 digits of a phone number', () => {
    expect(maskPhone('+989121234567')).toBe('*********4567');
    expect(maskPhone('123')).toBe('****');
  });

  it("scrubs quoted values, PostgreSQL's (column)=(value) and long digit runs from an error's words", () => {
    expect(scrub('invalid input syntax for type uuid: "سلام دنیا"')).toBe('invalid input syntax for type uuid: "…"');
    expect(scrub('Key (phone)=(+989121234567) already exists.')).toBe('Key (phone)=(…) already exists.');
    expect(scrub('could not send to 09121234567')).toBe('could not send to *******4567');
  });

  it("drops a database error's SQL, parameters and detail, and keeps its code and constraint", () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint "users_phone_key"'), {
      code: '23505',
      constraint: 'users_phone_key',
      query: 'INSERT INTO users (phone, bio) VALUES ($1, $2)',
      parameters: ['+989121234567', 'my secret bio'],
      detail: 'Key (phone)=(+989121234567) already exists.',
      driverError: { detail: 'Key (phone)=(+989121234567) already exists.' },
    });
    const logged = JSON.stringify(serializeError(err));
    expect(logged).not.toMatch(/secret bio|1234567|INSERT/);
    expect(serializeError(err)).toMatchObject({ code: '23505', constraint: 'users_phone_key' });
  });
});
