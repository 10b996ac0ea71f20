import { createECDH, createHmac, createDecipheriv, createPublicKey, ECDH, randomBytes, verify } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { AddressInfo } from 'node:net';

/** A browser's side of a push subscription: its P-256 key pair and auth secret (what PushManager.subscribe makes). */
export class FakeBrowser {
  readonly ecdh: ECDH = createECDH('prime256v1');
  readonly auth = randomBytes(16);
  constructor(readonly endpoint: string) {
    this.ecdh.generateKeys();
  }
  get keys() {
    return { endpoint: this.endpoint, p256dh: this.ecdh.getPublicKey().toString('base64url'), auth: this.auth.toString('base64url') };
  }
}

export interface ReceivedPush {
  /** The subscription's path, e.g. /push/bob-1. */
  path: string;
  topic: string | undefined;
  ttl: string | undefined;
  urgency: string | undefined;
  /** The VAPID claims, after the signature was checked against the key the sender named. */
  vapid: { aud: string; exp: number; sub: string };
  /** The payload, decrypted with the browser's keys (RFC 8291, aes128gcm). */
  payload: unknown;
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** RFC 8291 §3.4 + RFC 8188: one aes128gcm record encrypted for this browser. */
export function decryptWebPush(browser: FakeBrowser, body: Buffer): string {
  const salt = body.subarray(0, 16);
  const idLength = body[20];
  const senderKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const ecdhSecret = browser.ecdh.computeSecret(senderKey);
  const prkKey = hmac(browser.auth, ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), browser.ecdh.getPublicKey(), senderKey, Buffer.from([1])]);
  const ikm = hmac(prkKey, keyInfo);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error('aes128gcm: no last-record delimiter');
  return plain.subarray(0, end).toString('utf8');
}

/** RFC 8292: `vapid t=<JWT ES256>, k=<P-256 public key>`; throws unless the JWT is signed by k. */
export function checkVapid(header: string | undefined): ReceivedPush['vapid'] {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!m) throw new Error(`not a VAPID Authorization header: ${header}`);
  const [h, p, s] = m[1].split('.');
  const point = Buffer.from(m[2], 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
  if (!ok) throw new Error('VAPID signature does not verify');
  return JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
}

/**
 * A push service speaking the Web Push protocol (RFC 8030) over https (its own
 * self-signed certificate, trusted through PUSH_EXTRA_CA_FILE): POST to
 * a subscription's endpoint with an aes128gcm body, TTL, Topic and VAPID;
 * answers 201, or what `answer` says for that path (410 for a subscription
 * that is gone). What it received is decrypted with the browsers' keys.
 */
export class FakePushService {
  readonly received: ReceivedPush[] = [];
  readonly errors: string[] = [];
  readonly answer = new Map<string, number>();
  private readonly browsers = new Map<string, FakeBrowser>();
  private server?: https.Server;
  /** A PEM file with the service's self-signed certificate, for PUSH_EXTRA_CA_FILE. */
  caFile = '';
  private waiters: Array<() => void> = [];
  url = '';

  async start(): Promise<this> {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', keyCertSign: true, digitalSignature: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
    });
    this.caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fake-push-')), 'ca.pem');
    fs.writeFileSync(this.caFile, pems.cert);
    this.server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = this.receive(req, Buffer.concat(chunks));
        res.writeHead(status).end();
        for (const w of this.waiters.splice(0)) w();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** A browser subscribed at this service (its endpoint under /push/). */
  browser(name: string): FakeBrowser {
    const b = new FakeBrowser(`${this.url}/push/${name}`);
    this.browsers.set(`/push/${name}`, b);
    return b;
  }

  to(name: string): ReceivedPush[] {
    return this.received.filter((r) => r.path === `/push/${name}`);
  }

  /** Resolves once `count` pushes in all have arrived. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > until) throw new Error(`waited for ${count} pushes, got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  private receive(req: http.IncomingMessage, body: Buffer): number {
    const path = req.url ?? '';
    const browser = this.browsers.get(path);
    try {
      if (req.method !== 'POST' || !browser) return 404;
      if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
      const vapid = checkVapid(req.headers.authorization);
      if (vapid.aud !== this.url) throw new Error(`VAPID aud ${vapid.aud}`);
      const payload = JSON.parse(decryptWebPush(browser, body));
      const status = this.answer.get(path) ?? 201;
      if (status === 201) {
        const h = req.headers;
        this.received.push({ path, topic: h.topic as string, ttl: h.ttl as string, urgency: h.urgency as string, vapid, payload });
      }
      return status;
    } catch (err) {
      this.errors.push(String(err));
      return 400;
    }
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
    fs.rmSync(path.dirname(this.caFile), { recursive: true, force: true });
  }
}
