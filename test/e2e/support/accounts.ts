import { Client } from 'graphql-ws';
import { SignJWT } from 'jose';
import { firstOutcome, TEST_JWT_SECRET, TestPlatform } from '@test/support';

/** Helpers shared by the accounts and gateway e2e files (not a test file itself). */

export const SIGN_IN = `mutation($i:SignInInput!){ signIn(input:$i){ accessToken refreshToken user { id } session { id } } }`;
export const REFRESH = `mutation($r:String!){ refreshSession(refreshToken:$r){ accessToken refreshToken session { id current } user { id } } }`;
export const ME = `{ me { id } }`;

export interface Session {
  token: string;
  refreshToken: string;
  sessionId: string;
}

/**
 * Another session of an existing account, as a second device would open it.
 * Needs a platform started with LOGIN_CODE_RESEND_SECONDS=0.
 */
export async function signInAgain(platform: TestPlatform, phone: string, deviceName?: string): Promise<Session> {
  const sent = await platform.gql(`mutation($p:String!){ requestLoginCode(phone:$p){ phone } }`, { p: phone });
  if (sent.errors) throw new Error(`requestLoginCode: ${JSON.stringify(sent.errors)}`);
  const res = await platform.gql(SIGN_IN, { i: { phone, code: platform.lastCode(phone), deviceName } });
  if (res.errors) throw new Error(`signIn: ${JSON.stringify(res.errors)}`);
  return { token: res.data.signIn.accessToken, refreshToken: res.data.signIn.refreshToken, sessionId: res.data.signIn.session.id };
}

/** Polls until check() holds or the deadline passes; true when it held. Asserts an outcome, never a timing. */
export async function eventually(check: () => Promise<boolean>, deadlineMs: number, everyMs = 200): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= end) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export { within } from '@test/support';

/** Resolves 'connected' once the server acknowledged connection_init, or with the close code if it closed first. */
export function connection(client: Client): Promise<'connected' | number> {
  // A client of wsClient (platform.ws) may have connected already: its outcome was recorded from the start.
  const recorded = firstOutcome(client);
  if (recorded) return recorded;
  return new Promise((resolve) => {
    const offConnected = client.on('connected', () => {
      offConnected();
      offClosed();
      resolve('connected');
    });
    const offClosed = client.on('closed', (event) => {
      offConnected();
      offClosed();
      resolve((event as { code: number }).code);
    });
  });
}

/** An access token signed with the test secret, with any expiry (seconds since the epoch). */
export function craftToken(userId: string, sessionId: string, exp: number): Promise<string> {
  return new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt(exp - 900)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

/**
 * graphql-ws clients made with lazy: false (platform.ws) print every close the
 * server initiates through console.error; in these tests a refused socket is
 * the expected outcome, so those close events are dropped and anything else is
 * printed as usual. Undone by jest's restoreMocks or at the end of the file.
 */
export function quietExpectedCloses(): void {
  const original = console.error.bind(console);
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    const first = args[0] as { type?: string; code?: number } | undefined;
    if (args.length === 1 && first && first.type === 'close' && typeof first.code === 'number') return;
    original(...args);
  });
}
