import { connect, NatsConnection } from 'nats';
import { natsCredentials } from '../../../test/support/platform';

const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const USER_ID = '00000000-0000-4000-8000-000000000001';

/**
 * The NATS users the test run's nats-server is given (the same rules as
 * `npm start` and deploy/): a service's credentials cannot reach another
 * service's user-scoped subjects, nor answer as another service, nor read the
 * gateway's replies. Needs the nats-server the test run spawns (not NATS_URL).
 */
(process.env.NATS_TEST_PASSWORDS ? describe : describe.skip)('NATS permissions', () => {
  const servers = process.env.NATS_URL!.split(',');
  let spy: NatsConnection;
  const seen: string[] = [];
  const as = (user: string, inboxPrefix = `_INBOX_${user}`) => {
    const c = natsCredentials(user);
    return connect({ servers, user: c.NATS_USER, pass: c.NATS_PASSWORD, inboxPrefix });
  };

  beforeAll(async () => {
    // The development user (no credentials) sees what reaches the server's subjects.
    spy = await connect({ servers });
    for (const subject of ['messaging.>', 'accounts.>']) spy.subscribe(subject, { callback: (_e, m) => void seen.push(m.subject) });
    await spy.flush();
  });
  afterAll(() => spy.close());

  /** What of `subjects` reached the server after `publish` ran and the connection flushed. */
  async function reaching(nc: NatsConnection, publish: () => void): Promise<string[]> {
    seen.length = 0;
    publish();
    await nc.flush();
    // A marker through the same server after the publishes: everything before it has been routed.
    spy.publish('accounts.test.marker', encode({}));
    await spy.flush();
    for (let i = 0; i < 100 && !seen.includes('accounts.test.marker'); i++) await new Promise((r) => setTimeout(r, 10));
    return seen.filter((s) => s !== 'accounts.test.marker');
  }

  it('lets payments request the subjects it calls, and not messaging or accounts subjects acting for a user', async () => {
    const payments = await as('payments');
    try {
      const got = await reaching(payments, () => {
        payments.publish('messaging.member.check.v1', encode({ data: { conversationId: USER_ID, userId: USER_ID } }));
        payments.publish('messaging.message.send.v1', encode({ data: { viewerId: USER_ID, text: 'سلام' } }));
        payments.publish('accounts.session.revoke.v1', encode({ data: { viewerId: USER_ID } }));
        payments.publish('accounts.profile.update.v1', encode({ data: { viewerId: USER_ID } }));
      });
      expect(got).toEqual(['messaging.member.check.v1']);
    } finally {
      await payments.close();
    }
  });

  it('lets the gateway request every service', async () => {
    const gateway = await as('gateway');
    try {
      const got = await reaching(gateway, () => {
        gateway.publish('messaging.message.send.v1', encode({}));
        gateway.publish('accounts.session.revoke.v1', encode({}));
      });
      expect(got).toEqual(['messaging.message.send.v1', 'accounts.session.revoke.v1']);
    } finally {
      await gateway.close();
    }
  });

  it("refuses a service answering as another service, or reading the gateway's replies", async () => {
    const news = await as('news', '_INBOX_gateway');
    const errors: string[] = [];
    try {
      for (const subject of ['accounts.session.create.v1', '_INBOX_gateway.>', 'payments.>']) {
        news.subscribe(subject, { queue: 'accounts', callback: (err) => void (err && errors.push(`${subject}: ${err.message}`)) });
      }
      await news.flush();
      for (let i = 0; i < 100 && errors.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
      expect(errors.sort()).toEqual([
        expect.stringMatching(/^_INBOX_gateway\.>: .*permissions violation/i),
        expect.stringMatching(/^accounts\.session\.create\.v1: .*permissions violation/i),
        expect.stringMatching(/^payments\.>: .*permissions violation/i),
      ]);
    } finally {
      await news.close().catch(() => undefined);
    }
  });

  it('refuses a wrong password', async () => {
    await expect(connect({ servers, user: 'payments', pass: 'not-the-password', reconnect: false })).rejects.toThrow(/authorization/i);
  });
});
