import { Client } from 'pg';
import { errorCode, randomPhone, TestPlatform } from '@test/support';

const REQUEST = `mutation($p:String!){ requestLoginCode(phone:$p){ phone expiresAt retryAfter } }`;
const SIGN_IN = `mutation($i:SignInInput!){ signIn(input:$i){ accessToken refreshToken newUser user { id displayName phone } session { id current } } }`;

const e164 = (local: string) => `+98${local.slice(1)}`;

describe('sign-in by phone and SMS code', () => {
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts'] });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  async function requestCode(phone: string) {
    const res = await platform.gql(REQUEST, { p: phone });
    expect(res.errors).toBeUndefined();
    return platform.lastCode(res.data.requestLoginCode.phone)!;
  }

  describe('requestLoginCode', () => {
    it.each([
      ['09xxxxxxxxx', (d: string) => `09${d}`],
      ['9xxxxxxxxx', (d: string) => `9${d}`],
      ['+989xxxxxxxxx', (d: string) => `+989${d}`],
      ['00989xxxxxxxxx', (d: string) => `00989${d}`],
      ['Persian digits with spaces', (d: string) => `۰۹${d}`.replace(/\d/g, (c) => '۰۱۲۳۴۵۶۷۸۹'[Number(c)]).replace(/^(.{4})/, '$1 ')],
      [
        'Arabic-Indic digits with dashes',
        (d: string) => `09${d}`.replace(/\d/g, (c) => '٠١٢٣٤٥٦٧٨٩'[Number(c)]).replace(/^(.{4})(.{3})/, '$1-$2-'),
      ],
    ])('accepts %s and answers in E.164 with a 2-minute expiry and 60 s retryAfter', async (_name, form) => {
      const digits = randomPhone().slice(2);
      const res = await platform.gql(REQUEST, { p: form(digits) });
      expect(res.errors).toBeUndefined();
      expect(res.data.requestLoginCode.phone).toBe(`+989${digits}`);
      expect(res.data.requestLoginCode.retryAfter).toBe(60);
      const ttl = new Date(res.data.requestLoginCode.expiresAt).getTime() - Date.now();
      expect(ttl).toBeGreaterThan(100_000);
      expect(ttl).toBeLessThanOrEqual(121_000);
      const code = platform.lastCode(`+989${digits}`);
      expect(code).toMatch(/^\d{5}$/);
    });

    it.each(['', '0912123456', '091212345678', '02188776655', '+14155552671', '989121234567', 'phone', '۰۹۱۲۱۲۳۴۵۶'])(
      'refuses %j with BAD_USER_INPUT naming the phone field',
      async (phone) => {
        const res = await platform.gql(REQUEST, { p: phone });
        expect(errorCode(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0].extensions!.field).toBe('phone');
      },
    );

    it('refuses a second code within 60 seconds with RATE_LIMITED and the seconds to wait', async () => {
      const phone = randomPhone();
      await requestCode(phone);
      const again = await platform.gql(REQUEST, { p: phone });
      expect(errorCode(again)).toBe('RATE_LIMITED');
      expect(again.errors![0].extensions!.retryAfter).toBeGreaterThanOrEqual(58);
      expect(again.errors![0].extensions!.retryAfter).toBeLessThanOrEqual(60);
    });

    it('stores codes hashed, never as written', async () => {
      const phone = randomPhone();
      const code = await requestCode(phone);
      const { rows } = await db.query(`SELECT code_hash FROM accounts.login_codes WHERE phone = $1`, [e164(phone)]);
      expect(rows).toHaveLength(1);
      expect(rows[0].code_hash).not.toContain(code);
      expect(rows[0].code_hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('signIn', () => {
    it('creates the account on first sign-in with the display name, and signs in again later', async () => {
      const phone = randomPhone();
      let code = await requestCode(phone);
      const first = await platform.gql(SIGN_IN, { i: { phone, code, displayName: '  مریم   احمدی ', deviceName: 'Firefox' } });
      expect(first.errors).toBeUndefined();
      expect(first.data.signIn.newUser).toBe(true);
      expect(first.data.signIn.user.displayName).toBe('مریم احمدی');
      expect(first.data.signIn.user.phone).toBe(e164(phone));
      expect(first.data.signIn.session.current).toBe(true);

      await db.query(`UPDATE accounts.login_codes SET sent_at = now() - interval '61 seconds' WHERE phone = $1`, [e164(phone)]);
      await db.query(`DELETE FROM accounts.rate_counters`);
      code = await requestCode(phone);
      const second = await platform.gql(SIGN_IN, { i: { phone: e164(phone), code } });
      expect(second.errors).toBeUndefined();
      expect(second.data.signIn.newUser).toBe(false);
      expect(second.data.signIn.user.id).toBe(first.data.signIn.user.id);
      expect(second.data.signIn.session.id).not.toBe(first.data.signIn.session.id);
    });

    it('asks a new account for its display name without spending the code', async () => {
      const phone = randomPhone();
      const code = await requestCode(phone);
      const noName = await platform.gql(SIGN_IN, { i: { phone, code } });
      expect(errorCode(noName)).toBe('BAD_USER_INPUT');
      expect(noName.errors![0].extensions!.field).toBe('displayName');
      const named = await platform.gql(SIGN_IN, { i: { phone, code, displayName: 'رضا' } });
      expect(named.errors).toBeUndefined();
      expect(named.data.signIn.newUser).toBe(true);
    });

    it('refuses a wrong code with INVALID_CODE', async () => {
      const phone = randomPhone();
      const code = await requestCode(phone);
      const wrong = String((Number(code) + 1) % 100000).padStart(5, '0');
      const res = await platform.gql(SIGN_IN, { i: { phone, code: wrong, displayName: 'x' } });
      expect(errorCode(res)).toBe('INVALID_CODE');
      expect(res.data).toBeNull();
    });

    it('accepts the code typed in Persian digits', async () => {
      const phone = randomPhone();
      const code = await requestCode(phone);
      const persian = code.replace(/\d/g, (c) => '۰۱۲۳۴۵۶۷۸۹'[Number(c)]);
      const res = await platform.gql(SIGN_IN, { i: { phone, code: persian, displayName: 'سارا' } });
      expect(res.errors).toBeUndefined();
    });

    it('spends the code after 5 wrong tries: the right code no longer works', async () => {
      const phone = randomPhone();
      const code = await requestCode(phone);
      const wrong = String((Number(code) + 7) % 100000).padStart(5, '0');
      for (let i = 0; i < 5; i++) {
        expect(errorCode(await platform.gql(SIGN_IN, { i: { phone, code: wrong, displayName: 'x' } }))).toBe('INVALID_CODE');
      }
      expect(errorCode(await platform.gql(SIGN_IN, { i: { phone, code, displayName: 'x' } }))).toBe('INVALID_CODE');
    });

    it('counts parallel wrong guesses exactly: 20 at once leave no try for the right code', async () => {
      const phone = randomPhone();
      const code = await requestCode(phone);
      const guesses = Array.from({ length: 20 }, (_, i) => String((Number(code) + 1 + i) % 100000).padStart(5, '0'));
      const results = await Promise.all(guesses.map((g) => platform.gql(SIGN_IN, { i: { phone, code: g, displayName: 'x' } })));
      expect(results.every((r) => errorCode(r) === 'INVALID_CODE')).toBe(true);
      const { rows } = await db.query(`SELECT attempts FROM accounts.login_codes WHERE phone = $1`, [e164(phone)]);
      expect(rows[0]?.attempts ?? 5).toBe(5);
      expect(errorCode(await platform.gql(SIGN_IN, { i: { phone, code, displayName: 'x' } }))).toBe('INVALID_CODE');
    });

    it('refuses an expired code', async () => {
      const phone = randomPhone();
      const code = await requestCode(phone);
      await db.query(`UPDATE accounts.login_codes SET expires_at = now() - interval '1 second' WHERE phone = $1`, [e164(phone)]);
      expect(errorCode(await platform.gql(SIGN_IN, { i: { phone, code, displayName: 'x' } }))).toBe('INVALID_CODE');
    });

    it('refuses a code used once already', async () => {
      const phone = randomPhone();
      const code = await requestCode(phone);
      expect((await platform.gql(SIGN_IN, { i: { phone, code, displayName: 'x' } })).errors).toBeUndefined();
      expect(errorCode(await platform.gql(SIGN_IN, { i: { phone, code, displayName: 'x' } }))).toBe('INVALID_CODE');
    });

    it('lets only one of two concurrent sign-ins with the same code through', async () => {
      const phone = randomPhone();
      const code = await requestCode(phone);
      const both = await Promise.all([1, 2].map(() => platform.gql(SIGN_IN, { i: { phone, code, displayName: 'x' } })));
      expect(both.filter((r) => !r.errors)).toHaveLength(1);
      expect(both.filter((r) => errorCode(r) === 'INVALID_CODE')).toHaveLength(1);
    });
  });

  describe('two-step password', () => {
    it('is required once set, wrong is INVALID_PASSWORD, right signs in; changing needs the current one; null removes it', async () => {
      const user = await platform.signUp('دو مرحله‌ای');
      const SET = `mutation($c:String,$n:String){ setTwoStepPassword(currentPassword:$c, newPassword:$n) }`;
      expect(errorCode(await platform.gql(SET, { n: '123' }, user.token))).toBe('BAD_USER_INPUT');
      expect((await platform.gql(SET, { n: 'رمز-امن-۱۲۳' }, user.token)).data.setTwoStepPassword).toBe(true);
      const { rows } = await db.query(`SELECT password_hash FROM accounts.users WHERE id = $1`, [user.userId]);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);

      const local = `0${user.phone.slice(3)}`;
      const signInWith = async (password?: string) => {
        await db.query(`DELETE FROM accounts.login_codes WHERE phone = $1`, [user.phone]);
        await db.query(`DELETE FROM accounts.rate_counters`);
        const code = await requestCode(local);
        return platform.gql(SIGN_IN, { i: { phone: local, code, password } });
      };
      expect(errorCode(await signInWith())).toBe('PASSWORD_REQUIRED');
      expect(errorCode(await signInWith('wrong-password'))).toBe('INVALID_PASSWORD');
      const ok = await signInWith('رمز-امن-۱۲۳');
      expect(ok.errors).toBeUndefined();
      expect(ok.data.signIn.user.id).toBe(user.userId);

      expect(errorCode(await platform.gql(SET, { n: 'another-one' }, user.token))).toBe('PASSWORD_REQUIRED');
      expect(errorCode(await platform.gql(SET, { c: 'nope-nope', n: 'another-one' }, user.token))).toBe('INVALID_PASSWORD');
      expect((await platform.gql(SET, { c: 'رمز-امن-۱۲۳', n: null }, user.token)).data.setTwoStepPassword).toBe(true);
      const free = await signInWith();
      expect(free.errors).toBeUndefined();
    });

    it('locks password tries after 5 wrong ones, even for the right password', async () => {
      const user = await platform.signUp();
      await platform.gql(`mutation{ setTwoStepPassword(newPassword:"correct horse") }`, {}, user.token);
      const SET = `mutation($c:String){ setTwoStepPassword(currentPassword:$c, newPassword:"x-y-z-w") }`;
      for (let i = 0; i < 5; i++) expect(errorCode(await platform.gql(SET, { c: `bad-${i}` }, user.token))).toBe('INVALID_PASSWORD');
      const locked = await platform.gql(SET, { c: 'correct horse' }, user.token);
      expect(errorCode(locked)).toBe('RATE_LIMITED');
      expect(locked.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
    });
  });
});
