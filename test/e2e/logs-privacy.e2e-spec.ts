import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { RpcClient } from '@app/common';
import { MessagingSubjects } from '@app/contracts';
import { errorCode, randomPhone, SignedUp, TestPlatform } from '@test/support';
import { direct, sendRaw } from './messaging-helpers';

/**
 * Nothing private in logs: an e2e run at the most verbose level, with a
 * failed SMS and a failed send batch, then a grep of every log line for each
 * text, phone number, code and token the run sent.
 */
describe('logs: nothing private', () => {
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'logs-privacy-')), 'run.log');
  let platform: TestPlatform;
  let nc: NatsConnection;
  let kavenegar: http.Server;
  let kavenegarUrl: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    // A Kavenegar that refuses every message, naming the receptor in its answer as a careless gateway might.
    kavenegar = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const receptor = new URLSearchParams(body).get('receptor');
        res.writeHead(418, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ return: { status: 418, message: `credit too low to send to ${receptor}` }, entries: null }));
      });
    });
    await new Promise<void>((resolve) => kavenegar.listen(0, '127.0.0.1', resolve));
    kavenegarUrl = `http://127.0.0.1:${(kavenegar.address() as AddressInfo).port}`;
    platform = await TestPlatform.start({ services: ['accounts', 'messaging'], env: { LOG_LEVEL: 'trace', LOG_FILE: logFile } });
    nc = await connect({ servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',') });
  });
  afterAll(async () => {
    await nc?.close();
    await platform?.close();
    await new Promise((resolve) => kavenegar?.close(resolve));
  });

  function remember(user: SignedUp, code: string | undefined): void {
    secrets.push(user.phone, user.phone.replace('+98', '0'), user.phone.slice(1), user.token, user.refreshToken);
    if (code) secrets.push(code);
  }

  it('logs a failed batch, a failed SMS and errors by ids and codes only', async () => {
    const [alice, bob] = await Promise.all([platform.signUp('الف'), platform.signUp('ب')]);
    remember(alice, platform.lastCode(alice.phone));
    remember(bob, platform.lastCode(bob.phone));
    const conversation = await direct(platform, alice, bob);

    // Texts sent together with one that PostgreSQL refuses (sent past the gateway's edge, straight to
    // messaging), so that some share its batch: a failed batch used to log every text in it.
    const texts = Array.from({ length: 40 }, (_, i) => `پیام محرمانه ${i} ${randomUUID()}`);
    secrets.push(...texts);
    const badSecret = `راز ${randomUUID()}`;
    secrets.push(badSecret);
    const rpc = new RpcClient(nc, { timeoutMs: 5000 });
    const sendBad = () =>
      rpc
        .send(MessagingSubjects.SendMessage, {
          viewerId: alice.userId,
          conversationId: conversation,
          clientId: randomUUID(),
          text: `${badSecret}\u0000`,
        })
        .then(
          () => 'stored',
          (err: { code?: string }) => err.code ?? 'error',
        );
    const sends = texts.map((text, i) => sendRaw(platform, i % 2 ? alice : bob, conversation, text));
    const [badAnswer] = await Promise.all([sendBad(), ...sends]);
    expect(badAnswer).not.toBe('stored');

    // A refused SMS: accounts sends through the failing Kavenegar.
    await platform.stopService('accounts');
    await platform.startService('accounts', { SMS_PROVIDER: 'kavenegar', KAVENEGAR_API_KEY: 'key', KAVENEGAR_BASE_URL: kavenegarUrl });
    const phone = randomPhone();
    const e164 = `+98${phone.slice(1)}`;
    secrets.push(phone, e164, e164.slice(1));
    const refused = await platform.gql(`mutation($p:String!){ requestLoginCode(phone:$p){ phone } }`, { p: phone });
    expect(errorCode(refused)).toBe('SERVICE_UNAVAILABLE');

    const lines = fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
    // The run was logged, the failures among it, with the number masked but for its last 4 digits.
    const smsFailure = lines.find((l) => l.includes('SMS delivery failed'));
    expect(smsFailure).toBeDefined();
    expect(JSON.parse(smsFailure!).to).toBe(`*********${e164.slice(-4)}`);
    expect(lines.some((l) => /"level":"(error|warn)"/.test(l) && /batch|unexpected error/.test(l))).toBe(true);

    const leaked = secrets.filter((secret) => {
      const pattern = new RegExp(`(?<![0-9A-Za-z])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`);
      return lines.some((line) => pattern.test(line) || pattern.test(JSON.parse(line).msg ?? ''));
    });
    expect(leaked).toEqual([]);
  });
});
