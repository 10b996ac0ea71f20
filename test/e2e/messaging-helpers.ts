import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { GqlResult, SignedUp, TestPlatform, wsClient } from '@test/support';

/** Helpers shared by the messaging e2e files (not a test file itself). */

/** Every messaging platform of these tests: accounts and messaging only, limits out of the way of bursts. */
export const MESSAGING_ENV = {
  RATE_LIMIT_USER_PER_SECOND: '100000',
  RATE_LIMIT_USER_BURST: '100000',
  BLOCK_CACHE_MS: '0',
  TYPING_THROTTLE_MS: '3000',
};

export function startMessagingPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  return TestPlatform.start({ services: ['accounts', 'messaging'], env: { ...MESSAGING_ENV, ...env } });
}

export const MESSAGE = `id conversationId seq kind clientId text editedAt deletedAt createdAt
  sender { id displayName } forwardedFrom { id } replyTo { id seq text } reactions { emoji count reactedByMe }`;
export const CONVERSATION = `id kind title createdAt memberCount myRole unreadCount lastReadSeq peerReadSeq muted
  lastMessage { id seq text kind } pinnedMessage { id seq }`;
export const UPDATE = `__typename cursor conversationId
  ... on MessageAdded { message { id seq text kind clientId sender { id } } }
  ... on MessageEdited { message { id seq text editedAt } }
  ... on MessageDeleted { messageId seq }
  ... on ReadMarkerMoved { userId lastReadSeq }
  ... on ReactionsChanged { messageId reactions { emoji count reactedByMe } }
  ... on ConversationChanged { conversation { id title memberCount myRole } }`;

/** Throws with the errors when a call failed; returns its data. */
export function ok<T = any>(res: GqlResult<T>): T {
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}

export async function direct(p: TestPlatform, a: SignedUp, b: SignedUp): Promise<string> {
  const res = await p.gql(`mutation($u:ID!){ startDirectConversation(userId:$u){ id } }`, { u: b.userId }, a.token);
  return ok(res).startDirectConversation.id;
}

export async function group(p: TestPlatform, owner: SignedUp, members: SignedUp[], title = 'گروه آزمایشی'): Promise<string> {
  const res = await p.gql(
    `mutation($t:String!,$m:[ID!]!){ createGroup(title:$t, memberIds:$m){ id } }`,
    { t: title, m: members.map((m) => m.userId) },
    owner.token,
  );
  return ok(res).createGroup.id;
}

export const SEND = `mutation($i:SendMessageInput!){ sendMessage(input:$i){ ${MESSAGE} } }`;

export function sendRaw(
  p: TestPlatform,
  user: SignedUp,
  conversationId: string,
  text: string,
  extra: Record<string, unknown> = {},
  url?: string,
) {
  return p.gql(SEND, { i: { conversationId, clientId: randomUUID(), text, ...extra } }, user.token, url);
}

export async function send(p: TestPlatform, user: SignedUp, conversationId: string, text: string, extra: Record<string, unknown> = {}) {
  return ok(await sendRaw(p, user, conversationId, text, extra)).sendMessage;
}

export async function updatesAfter(p: TestPlatform, user: SignedUp, after: string | null, limit = 100) {
  const res = await p.gql(
    `query($a:String,$l:Int){ updates(after:$a, limit:$l){ cursor hasMore updates { ${UPDATE} } } }`,
    { a: after, l: limit },
    user.token,
  );
  return ok(res).updates as { cursor: string; hasMore: boolean; updates: any[] };
}

export async function headCursor(p: TestPlatform, user: SignedUp): Promise<string> {
  return (await updatesAfter(p, user, null)).cursor;
}

/** Everything in the user's stream after a cursor, all pages. */
export async function allUpdatesAfter(p: TestPlatform, user: SignedUp, after: string): Promise<any[]> {
  const out: any[] = [];
  for (let cursor = after; ;) {
    const page = await updatesAfter(p, user, cursor);
    out.push(...page.updates);
    cursor = page.cursor;
    if (!page.hasMore) return out;
  }
}

/** A live subscription collecting what it receives. */
export function subscribe(p: TestPlatform, user: SignedUp, query: string, variables: Record<string, unknown> = {}, url?: string) {
  const ws = wsClient(url ?? p.url, user.token);
  const received: any[] = [];
  const errors: any[] = [];
  let completed = false;
  const waiters: Array<() => void> = [];
  const notify = () => waiters.splice(0).forEach((w) => w());
  const dispose = ws.client.subscribe(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) received.push(Object.values(value.data)[0]);
        notify();
      },
      error: (err) => {
        errors.push(err);
        notify();
      },
      complete: () => {
        completed = true;
        notify();
      },
    },
  );
  return {
    received,
    errors,
    get completed() {
      return completed;
    },
    /** Resolves once `count` events arrived (or an error / completion); rejects after ms. */
    async waitFor(count: number, ms = 20_000): Promise<any[]> {
      const end = Date.now() + ms;
      while (received.length < count && !errors.length && !completed) {
        if (Date.now() > end) throw new Error(`timed out with ${received.length}/${count} events`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return received;
    },
    async close() {
      dispose();
      await ws.client.dispose();
    },
  };
}

/** Lets pending pushes arrive, to assert that something did NOT come. */
export const settle = (ms = 700) => new Promise((r) => setTimeout(r, ms));

export async function sql<T = any>(p: TestPlatform, text: string, params: unknown[] = []): Promise<T[]> {
  // messaging's search_path, so its SQL functions resolve their tables as in the service.
  const c = new PgClient({ connectionString: p.databaseUrl, options: '-c search_path=messaging,public' });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}
