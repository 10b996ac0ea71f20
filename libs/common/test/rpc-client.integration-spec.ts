import { connect, NatsConnection } from 'nats';
import { AccountsSubjects, CORRELATION_HEADER } from '@app/contracts';
import { DomainError, requestContext, RpcClient } from '@app/common';

/** The typed RPC client against a real NATS server, with raw responders standing in for a service. */
describe(RpcClient.name, () => {
  let nc: NatsConnection;
  const observed: Array<[string, string]> = [];
  let client: RpcClient;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  // A real subject, answered here by raw subscriptions instead of the accounts service (not running in this file).
  const subject = AccountsSubjects.CheckBlock;

  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL!.split(',') });
    client = new RpcClient(nc, { timeoutMs: 300, observe: (s, _t, outcome) => observed.push([s, outcome]) });
  });
  afterAll(async () => {
    await nc.close();
  });

  function serve(reply: (packet: { pattern: string; data: unknown; id: string }, headers: string | undefined) => unknown) {
    return nc.subscribe(subject, {
      callback: (_err, msg) => {
        const packet = JSON.parse(decoder.decode(msg.data));
        const answer = reply(packet, msg.headers?.get(CORRELATION_HEADER));
        if (answer !== undefined) msg.respond(encoder.encode(JSON.stringify({ id: packet.id, ...(answer as object), isDisposed: true })));
      },
    });
  }

  it("sends Nest's packet with the payload and the current correlation id, and returns the response", async () => {
    let seen: { pattern: string; data: unknown; header?: string } | undefined;
    const sub = serve((packet, header) => {
      seen = { pattern: packet.pattern, data: packet.data, header };
      return { response: { blocked: true, blockedBy: false } };
    });
    await nc.flush();
    const payload = { userId: '7b0a6c8e-0000-4000-8000-000000000001', otherId: '7b0a6c8e-0000-4000-8000-000000000002' };
    const result = await requestContext.run({ correlationId: 'corr-123456' }, () => client.send(subject, payload));
    sub.unsubscribe();
    expect(result).toEqual({ blocked: true, blockedBy: false });
    expect(seen).toEqual({ pattern: subject, data: payload, header: 'corr-123456' });
    expect(observed).toContainEqual([subject, 'ok']);
  });

  it("rethrows a service's { code, message } as a DomainError with its details", async () => {
    const sub = serve(() => ({ err: { code: 'BAD_USER_INPUT', message: 'nope', field: 'otherId' } }));
    await nc.flush();
    const error = await client.send(subject, { userId: 'a', otherId: 'b' }).catch((e) => e);
    sub.unsubscribe();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: 'nope', extra: { field: 'otherId' } });
  });

  it('fails with SERVICE_UNAVAILABLE at once when no copy of the service is listening', async () => {
    const started = Date.now();
    const error = await client.send(subject, { userId: 'a', otherId: 'b' }, { timeoutMs: 10_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    // Well before the 10 s timeout: NATS reports "no responders".
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(observed).toContainEqual([subject, 'unavailable']);
  });

  it('fails with SERVICE_UNAVAILABLE after the timeout when the service hangs', async () => {
    const sub = serve(() => undefined);
    await nc.flush();
    const error = await client.send(subject, { userId: 'a', otherId: 'b' }).catch((e) => e);
    sub.unsubscribe();
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('turns an unknown error shape into INTERNAL without passing its text on', async () => {
    const sub = serve(() => ({ err: 'SELECT * FROM secrets failed' }));
    await nc.flush();
    const error = await client.send(subject, { userId: 'a', otherId: 'b' }).catch((e) => e);
    sub.unsubscribe();
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('secrets');
  });

  it('gives each of many concurrent requests its own reply, whatever order the replies come in', async () => {
    const held: Array<() => void> = [];
    const sub = nc.subscribe(subject, {
      callback: (_err, msg) => {
        const packet = JSON.parse(decoder.decode(msg.data));
        held.push(() => msg.respond(encoder.encode(JSON.stringify({ id: packet.id, response: packet.data, isDisposed: true }))));
        // Answer in reverse order once all have arrived.
        if (held.length === 20) held.reverse().forEach((answer) => answer());
      },
    });
    await nc.flush();
    const payloads = Array.from({ length: 20 }, (_, i) => ({ userId: `u${i}`, otherId: `o${i}` }));
    const results = await Promise.all(payloads.map((p) => client.send(subject, p, { timeoutMs: 5000 })));
    sub.unsubscribe();
    expect(results).toEqual(payloads);
  });

  it('ignores a reply that comes after its timeout, and the next request gets its own', async () => {
    let late: (() => void) | undefined;
    const sub = nc.subscribe(subject, {
      callback: (_err, msg) => {
        const packet = JSON.parse(decoder.decode(msg.data));
        const answer = () => msg.respond(encoder.encode(JSON.stringify({ id: packet.id, response: packet.data, isDisposed: true })));
        if (!late) late = answer;
        else answer();
      },
    });
    await nc.flush();
    const timedOut = await client.send(subject, { userId: 'first', otherId: 'x' }).catch((e) => e);
    expect(timedOut.code).toBe('SERVICE_UNAVAILABLE');
    late!();
    await expect(client.send(subject, { userId: 'second', otherId: 'y' })).resolves.toEqual({ userId: 'second', otherId: 'y' });
    sub.unsubscribe();
  });

  it('fails requests in flight with SERVICE_UNAVAILABLE when its connection closes', async () => {
    const own = await connect({ servers: process.env.NATS_URL!.split(',') });
    const closing = new RpcClient(own, { timeoutMs: 10_000 });
    const sub = serve(() => undefined);
    await nc.flush();
    const pending = closing.send(subject, { userId: 'a', otherId: 'b' }).catch((e) => e);
    await new Promise((r) => setTimeout(r, 50));
    await own.close();
    const error = await pending;
    sub.unsubscribe();
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
  });
});
