import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { TestPlatform } from '@test/support';
import { eventually } from './support/accounts';

interface SpanLine {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
}

/** OpenTelemetry traces across NATS hops, written to TRACES_FILE: one trace per GraphQL request, keyed by its correlation id. */
describe('tracing', () => {
  let platform: TestPlatform;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'superapp-traces-')), 'traces.jsonl');

  beforeAll(async () => {
    platform = await TestPlatform.start({ env: { TRACES_FILE: file } });
  });
  afterAll(async () => {
    await platform?.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  const spans = (): SpanLine[] =>
    fs.existsSync(file)
      ? fs
          .readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as SpanLine)
      : [];

  it("carries a request's trace from the gateway through messaging to accounts, each hop a child of the one before", async () => {
    const [a, b] = [await platform.signUp(), await platform.signUp()];
    const correlationId = `trace-test-${Date.now()}`;
    const traceId = createHash('sha256').update(correlationId).digest('hex').slice(0, 32);
    const res = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-requested-with': 'test',
        authorization: `Bearer ${a.token}`,
        'x-correlation-id': correlationId,
      },
      body: JSON.stringify({ query: `mutation($u: ID!) { startDirectConversation(userId: $u) { id } }`, variables: { u: b.userId } }),
    });
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();

    const ofTrace = () => spans().filter((s) => s.traceId === traceId);
    const find = (name: string, kind: string) => ofTrace().find((s) => s.name === name && s.kind === kind);
    // Each process writes its spans in its own batches (every 200 ms), so the hops arrive in any order: wait for all four.
    const nestedClients = () => ofTrace().filter((s) => s.name.startsWith('accounts.') && s.kind === 'CLIENT');
    const complete = () =>
      !!find('messaging.conversation.start-direct.v1', 'CLIENT') &&
      !!find('messaging.conversation.start-direct.v1', 'SERVER') &&
      nestedClients().length > 0 &&
      nestedClients().every((c) => !!find(c.name, 'SERVER'));
    expect(await eventually(async () => complete(), 20_000, 100)).toBe(true);
    const client = find('messaging.conversation.start-direct.v1', 'CLIENT')!;
    const server = find('messaging.conversation.start-direct.v1', 'SERVER')!;
    expect(server.parentSpanId).toBe(client.spanId);
    // messaging asks accounts about the other user (blocks, profile) inside its handler.
    const nested = nestedClients();
    expect(nested.length).toBeGreaterThan(0);
    expect(nested.every((s) => s.parentSpanId === server.spanId)).toBe(true);
    const answered = ofTrace().find((s) => s.name === nested[0].name && s.kind === 'SERVER');
    expect(answered?.parentSpanId).toBe(nested[0].spanId);
  });
});
