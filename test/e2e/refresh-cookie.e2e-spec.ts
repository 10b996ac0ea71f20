import { errorCode, TestPlatform } from '@test/support';

const REFRESH = 'mutation($t:String!){ refreshSession(refreshToken:$t){ accessToken refreshToken } }';

/** POST /auth/refresh as a browser would, with or without the cookie. */
async function post(url: string, body: object, cookie?: string, contentType = 'application/json') {
  const res = await fetch(`${url}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { status: res.status, body: (await res.json()) as Record<string, string>, setCookie, cookie: setCookie.split(';')[0] };
}

describe('the web session cookie (/auth/refresh)', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts'] });
  });
  afterAll(() => platform?.close());

  it("takes signIn's refresh token into an HttpOnly cookie, spending it, and refreshes from the cookie alone", async () => {
    const user = await platform.signUp();
    const adopted = await post(platform.url, { refreshToken: user.refreshToken });
    expect(adopted.status).toBe(200);
    expect(adopted.body).toEqual({ accessToken: expect.any(String), accessTokenExpiresAt: expect.any(String), userId: user.userId });
    expect(adopted.body).not.toHaveProperty('refreshToken');
    expect(adopted.setCookie).toMatch(/^superapp_refresh=[^;]+; Path=\/auth; Max-Age=\d+; HttpOnly; Secure; SameSite=Strict$/);
    const again = await post(platform.url, {}, adopted.cookie);
    expect(again.status).toBe(200);
    expect((await platform.gql('{ me { id } }', {}, again.body.accessToken)).data.me.id).toBe(user.userId);
    expect(again.cookie).not.toBe(adopted.cookie);

    // The token a script saw is spent: used again (stolen), it is refused and ends the session, cookie and all.
    expect(errorCode(await platform.gql(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
    expect((await post(platform.url, {}, again.cookie)).status).toBe(401);
  });

  it('refuses without a session or without JSON, and forgets a refused cookie', async () => {
    expect((await post(platform.url, {})).status).toBe(401);
    expect((await post(platform.url, {}, 'superapp_refresh=nonsense', 'text/plain')).status).toBe(415);
    const refused = await post(platform.url, {}, 'superapp_refresh=nonsense');
    expect(refused.status).toBe(401);
    expect(refused.setCookie).toMatch(/^superapp_refresh=; Path=\/auth; Max-Age=0/);
  });

  it('leaves the contract alone: refreshSession still rotates for other clients', async () => {
    const user = await platform.signUp();
    const r = await platform.gql(REFRESH, { t: user.refreshToken });
    expect(r.data.refreshSession.refreshToken).toEqual(expect.any(String));
    expect(r.data.refreshSession.refreshToken).not.toBe(user.refreshToken);
  });
});
