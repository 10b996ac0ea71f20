import { errorCode, TestPlatform } from '@test/support';

const CHECK = 'mutation($p:String!){ checkTwoStepPassword(password:$p) }';

describe('checkTwoStepPassword', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts'], env: { PASSWORD_MAX_TRIES: '3' } });
  });
  afterAll(() => platform?.close());

  it('answers false for an account without a password', async () => {
    const user = await platform.signUp();
    expect((await platform.gql(CHECK, { p: 'anything' }, user.token)).data.checkTwoStepPassword).toBe(false);
  });

  it('answers true for the right password, INVALID_PASSWORD for a wrong one, and locks as sign-in does', async () => {
    const user = await platform.signUp();
    await platform.gql('mutation { setTwoStepPassword(newPassword: "kelid-e-man") }', {}, user.token);
    expect((await platform.gql(CHECK, { p: 'kelid-e-man' }, user.token)).data.checkTwoStepPassword).toBe(true);
    for (let i = 0; i < 3; i++) expect(errorCode(await platform.gql(CHECK, { p: 'wrong' }, user.token))).toBe('INVALID_PASSWORD');
    // Locked now: even the right one waits.
    expect(errorCode(await platform.gql(CHECK, { p: 'kelid-e-man' }, user.token))).toBe('RATE_LIMITED');
  });

  it('needs a signed-in user', async () => {
    expect(errorCode(await platform.gql(CHECK, { p: 'x' }))).toBe('UNAUTHENTICATED');
  });
});
