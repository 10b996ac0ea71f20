import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { Client } from 'pg';
import { ChatMoneyEvents, PaymentsEvents } from '@app/contracts';
import { SignedUp, TestPlatform } from '@test/support';
import { balanceOf, expectLedgerVerifies, fund, key, startPaymentsPlatform, TRANSFER } from '../../apps/payments/test/support';

/**
 * The outbox under failure: this file runs the platform on its own
 * nats-server, so the test can take NATS away and bring it back.
 */
describe('payments event outbox', () => {
  let natsPort: number;
  let natsUrl: string;
  let storeDir: string;
  let nats: ChildProcess | undefined;
  let platform: TestPlatform;
  let db: Client;
  let alice: SignedUp;
  let bob: SignedUp;

  async function startNats(): Promise<void> {
    if (nats && nats.exitCode === null) return;
    nats = spawn('nats-server', ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(natsPort)], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = net
          .connect(natsPort, '127.0.0.1', () => {
            socket.destroy();
            resolve(true);
          })
          .on('error', () => resolve(false));
      });
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('nats-server did not start');
  }

  async function stopNats(): Promise<void> {
    const child = nats;
    nats = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  /** Every event of the stream that concerns a transfer, as the broker holds them. */
  async function eventsFor(transferId: string): Promise<Array<{ msgId: string; transferId: string }>> {
    const nc = await connect({ servers: natsUrl });
    try {
      const jsm = await nc.jetstreamManager();
      const info = await jsm.streams.info('PAYMENTS_EVENTS');
      const found: Array<{ msgId: string; transferId: string }> = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
        const msg = await jsm.streams.getMessage('PAYMENTS_EVENTS', { seq }).catch(() => null);
        if (!msg) continue;
        const event = JSON.parse(new TextDecoder().decode(msg.data));
        if (event.transferId === transferId) found.push({ msgId: msg.header.get('Nats-Msg-Id'), transferId: event.transferId });
      }
      return found;
    } finally {
      await nc.close();
    }
  }

  async function published(transferId: string): Promise<boolean> {
    const { rows } = await db.query(`SELECT published_at FROM payments.outbox WHERE payload->>'transferId' = $1`, [transferId]);
    return rows.length === 1 && rows[0].published_at !== null;
  }

  async function eventually(check: () => Promise<boolean>): Promise<boolean> {
    for (let i = 0; i < 200; i++) {
      if (await check().catch(() => false)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  beforeAll(async () => {
    natsPort = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    natsUrl = `nats://127.0.0.1:${natsPort}`;
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'payments-outbox-nats-'));
    await startNats();
    platform = await startPaymentsPlatform({ services: ['accounts', 'payments'], env: { NATS_URL: natsUrl, OUTBOX_POLL_MS: '100' } });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    alice = await platform.signUp();
    bob = await platform.signUp();
    await fund(platform, alice.token, '1000000');
  });
  afterAll(async () => {
    await db?.end();
    await startNats().catch(() => undefined);
    await platform?.close();
    await stopNats();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  it('publishes each committed transfer once, with its event id as the JetStream message id', async () => {
    const res = await platform.gql(TRANSFER, { i: { toUserId: bob.userId, amount: '1000', idempotencyKey: key() } }, alice.token);
    const id = res.data.transferMoney.id;
    expect(await eventually(() => published(id))).toBe(true);
    expect(await eventsFor(id)).toEqual([{ msgId: `transfer-completed:${id}`, transferId: id }]);
  });

  it('makes every stream it publishes to, with no consumer ever started (messaging is not running here)', async () => {
    const nc = await connect({ servers: natsUrl });
    try {
      const jsm = await nc.jetstreamManager();
      expect(await eventually(async () => Boolean(await jsm.streams.info(ChatMoneyEvents.Stream)))).toBe(true);
      const info = await jsm.streams.info(ChatMoneyEvents.Stream);
      expect(info.config.subjects).toEqual([ChatMoneyEvents.Changed]);
      expect((await jsm.streams.info(PaymentsEvents.Stream)).config.name).toBe(PaymentsEvents.Stream);
    } finally {
      await nc.close();
    }
  });

  it('keeps events committed while NATS is down, and publishes them once when it is back', async () => {
    await stopNats();
    const ids: string[] = [];
    try {
      // Transfers committed at the moment NATS went away (the service's own call could not reach us now).
      for (let i = 0; i < 3; i++) {
        const id = randomUUID();
        ids.push(id);
        await db.query(`SELECT * FROM payments.transfer_money($1, $2, $3, 2000, NULL, NULL, $4, 'hash', $5, 100000000, $6, $7)`, [
          id,
          alice.userId,
          bob.userId,
          key(),
          `5${String(Date.now()).slice(-9)}${i}0`,
          PaymentsEvents.TransferCompleted,
          JSON.stringify({
            eventId: `transfer-completed:${id}`,
            transferId: id,
            fromUserId: alice.userId,
            toUserId: bob.userId,
            amount: '2000',
            note: null,
            conversationId: null,
          }),
        ]);
      }
      await new Promise((r) => setTimeout(r, 500)); // several relay attempts fail meanwhile
      for (const id of ids) expect(await published(id)).toBe(false);
    } finally {
      await startNats();
    }
    for (const id of ids) expect(await eventually(() => published(id))).toBe(true);
    for (const id of ids) expect(await eventsFor(id)).toEqual([{ msgId: `transfer-completed:${id}`, transferId: id }]);
    expect(await balanceOf(platform, bob.token)).toBe('7000');
    await expectLedgerVerifies(platform);
  });

  it('publishes, after a restart, what a crashed copy committed but never published, and a repeat is dropped by the stream', async () => {
    const res = await platform.gql(TRANSFER, { i: { toUserId: bob.userId, amount: '3000', idempotencyKey: key() } }, alice.token);
    const id = res.data.transferMoney.id;
    expect(await eventually(() => published(id))).toBe(true);
    await platform.stopService('payments');
    // As if the copy died after publishing but before marking the row: the relay will send it again.
    await db.query(`UPDATE payments.outbox SET published_at = NULL WHERE payload->>'transferId' = $1`, [id]);
    await platform.startService('payments', { PUBLIC_URL: platform.url });
    expect(await eventually(() => published(id))).toBe(true);
    expect(await eventsFor(id)).toHaveLength(1);
  });

  it('recreates the stream if it was lost, and goes on publishing', async () => {
    const nc = await connect({ servers: natsUrl });
    await (await nc.jetstreamManager()).streams.delete('PAYMENTS_EVENTS');
    await nc.close();
    const res = await platform.gql(TRANSFER, { i: { toUserId: bob.userId, amount: '4000', idempotencyKey: key() } }, alice.token);
    const id = res.data.transferMoney.id;
    expect(await eventually(() => published(id))).toBe(true);
    expect(await eventsFor(id)).toHaveLength(1);
  });
});
