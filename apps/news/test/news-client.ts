import { randomBytes } from 'node:crypto';
import { GqlResult, TestPlatform } from '@test/support';

/** GraphQL fragments and calls shared by the news tests. */
export const POST_FIELDS = `id title text url signature publishedAt editedAt views reactions { emoji count reactedByMe } channel { id handle }`;
export const CHANNEL_FIELDS = `id handle title description subscriberCount subscribed myRole createdAt`;
export const PAGE = `pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${POST_FIELDS} } }`;

export function ok<T>(res: GqlResult<T>): T {
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

export function uniqueHandle(prefix = 'ch'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export async function createChannel(platform: TestPlatform, token: string, input: Record<string, unknown> = {}) {
  const res = await platform.gql(
    `mutation($i:CreateChannelInput!){ createChannel(input:$i){ ${CHANNEL_FIELDS} } }`,
    { i: { handle: uniqueHandle(), title: 'کانال آزمایشی', ...input } },
    token,
  );
  return ok(res).createChannel;
}

export async function publish(platform: TestPlatform, token: string, channelId: string, input: Record<string, unknown> = {}) {
  const res = await platform.gql(
    `mutation($i:PublishPostInput!){ publishPost(input:$i){ ${POST_FIELDS} } }`,
    { i: { channelId, text: `متن ${randomBytes(3).toString('hex')}`, ...input } },
    token,
  );
  return ok(res).publishPost;
}

export async function subscribe(platform: TestPlatform, token: string, channelId: string) {
  return ok(await platform.gql(`mutation($c:ID!){ subscribeChannel(channelId:$c){ ${CHANNEL_FIELDS} } }`, { c: channelId }, token))
    .subscribeChannel;
}

export async function feedPage(platform: TestPlatform, token: string, first: number, after?: string | null) {
  return ok(await platform.gql(`query($f:Int,$a:String){ feed(first:$f, after:$a){ ${PAGE} } }`, { f: first, a: after ?? null }, token))
    .feed;
}

interface FeedPage {
  edges: { node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every page of the feed, following endCursor. */
export async function wholeFeed(platform: TestPlatform, token: string, first: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: FeedPage = await feedPage(platform, token, first, after);
    ids.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until check returns a value other than undefined, or fails after timeoutMs. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Another copy of news on the same database and NATS; the platform stops it in close(), or the caller with stopCopy. */
export function secondNews(platform: TestPlatform) {
  return platform.startService('news');
}
