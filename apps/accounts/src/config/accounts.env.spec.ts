import { loadEnv } from '@app/common';
import { AccountsEnv } from './accounts.env';

describe(AccountsEnv.name, () => {
  it('refuses the file SMS provider in production', () => {
    const env = loadEnv(AccountsEnv, { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
    expect(() => env.assertSafeForProduction()).toThrow(/refuses SMS_PROVIDER=file/);
  });

  it('refuses kavenegar without an API key', () => {
    const env = loadEnv(AccountsEnv, { NODE_ENV: 'production', SMS_PROVIDER: 'kavenegar' });
    expect(() => env.assertSafeForProduction()).toThrow(/KAVENEGAR_API_KEY/);
  });

  it('accepts the file provider outside production', () => {
    expect(() => loadEnv(AccountsEnv, {}).assertSafeForProduction()).not.toThrow();
  });
});
