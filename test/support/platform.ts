import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { DynamicModule, INestApplicationContext, INestMicroservice } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { BaseEnv, createService, loadEnv, NATS_CONNECTION } from '@app/common';
import { HealthSubjects, ServiceName } from '@app/contracts';
import { AccountsModule } from '../../apps/accounts/src/app.module';
import { AccountsEnv } from '../../apps/accounts/src/config/accounts.env';
import { MessagingModule } from '../../apps/messaging/src/app.module';
import { MessagingEnv } from '../../apps/messaging/src/config/messaging.env';
import { PaymentsModule } from '../../apps/payments/src/app.module';
import { PaymentsEnv } from '../../apps/payments/src/config/payments.env';
import { NewsModule } from '../../apps/news/src/app.module';
import { NewsEnv } from '../../apps/news/src/config/news.env';
import { MediaModule } from '../../apps/media/src/app.module';
import { MediaEnv } from '../../apps/media/src/config/media.env';
import { GatewayEnv } from '../../apps/gateway/src/config/gateway.env';
import { RunningGateway, startGateway } from '../../apps/gateway/src/gateway';
import { createTestDatabase } from './database';
import { gql, GqlResult, UntypedData, wsClient } from './graphql-client';

const SERVICES: Record<ServiceName, (source: NodeJS.ProcessEnv) => { env: BaseEnv; module: DynamicModule }> = {
  accounts: (s) => {
    const env = loadEnv(AccountsEnv, s);
    return { env, module: AccountsModule.forRoot(env) };
  },
  messaging: (s) => {
    const env = loadEnv(MessagingEnv, s);
    return { env, module: MessagingModule.forRoot(env) };
  },
  payments: (s) => {
    const env = loadEnv(PaymentsEnv, s);
    return { env, module: PaymentsModule.forRoot(env) };
  },
  news: (s) => {
    const env = loadEnv(NewsEnv, s);
    return { env, module: NewsModule.forRoot(env) };
  },
  media: (s) => {
    const env = loadEnv(MediaEnv, s);
    return { env, module: MediaModule.forRoot(env) };
  },
};

export interface SignedUp {
  token: string;
  refreshToken: string;
  userId: string;
  sessionId: string;
  phone: string;
  displayName: string;
}

export interface PlatformOptions {
  services?: ServiceName[];
  /** Extra environment for every process of this platform. */
  env?: Record<string, string>;
}

/**
 * The whole platform inside the test process: every service as its own
 * NestJS microservice on the real NATS, a fresh PostgreSQL database, and the
 * gateway on a free port. Services can be stopped and started again to test
 * what clients see while one is down.
 */
export class TestPlatform {
  /** The first running copy of each service (what `services.get(name)` gives). */
  readonly services = new Map<ServiceName, INestMicroservice>();
  /** Every copy this platform started and has not stopped, in start order. */
  private readonly copies: { name: ServiceName; app: INestMicroservice }[] = [];
  readonly gateways: RunningGateway[] = [];
  private dropDatabase?: () => Promise<void>;

  private constructor(
    readonly databaseUrl: string,
    readonly dataDir: string,
    private readonly options: PlatformOptions,
  ) {}

  static async start(options: PlatformOptions = {}): Promise<TestPlatform> {
    const db = await createTestDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'superapp-test-'));
    const platform = new TestPlatform(db.url, dataDir, options);
    platform.dropDatabase = db.drop;
    try {
      for (const name of options.services ?? (['accounts', 'messaging', 'payments', 'news', 'media'] as ServiceName[]))
        await platform.startService(name);
      await platform.startGateway();
    } catch (err) {
      await platform.close();
      throw err;
    }
    return platform;
  }

  get url(): string {
    return this.gateways[0].url;
  }

  get outbox(): string {
    return path.join(this.dataDir, 'sms-outbox.jsonl');
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      DATA_DIR: this.dataDir,
      SMS_OUTBOX: this.outbox,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DB_POOL_SIZE: '5',
      // Every test client comes from 127.0.0.1; tests of these limits lower them.
      LOGIN_CODES_PER_ADDRESS_PER_HOUR: '1000000',
      RATE_LIMIT_ADDRESS_PER_SECOND: '100000',
      RATE_LIMIT_ADDRESS_BURST: '100000',
      // Limits per copy, in memory: tests of the shared limits (gateway-shared-limits) ask for RATE_LIMIT_STORE=nats.
      RATE_LIMIT_STORE: 'memory',
      ...this.options.env,
      ...extra,
    };
  }

  /**
   * Starts a copy of a service. Calling it again for a running service starts
   * another copy beside it (same queue group, same database): the platform
   * keeps every copy and stops them all in close(); `services.get(name)` stays
   * the first. A copy that fails to listen is closed before the error is thrown.
   */
  async startService(name: ServiceName, extra: Record<string, string> = {}): Promise<INestMicroservice> {
    const source = this.env({ ...natsCredentials(name), ...extra });
    const { env, module } = SERVICES[name](source);
    const app = await createService(name, module, env);
    try {
      await app.listen();
    } catch (err) {
      await app.close().catch(() => undefined);
      throw err;
    }
    this.copies.push({ name, app });
    if (!this.services.has(name)) this.services.set(name, app);
    await answering(name, source.NATS_URL);
    return app;
  }

  /** Stops every running copy of a service. */
  async stopService(name: ServiceName): Promise<void> {
    for (const copy of this.copies.filter((c) => c.name === name)) await this.stopCopy(copy.app);
  }

  /** Stops one copy; the next running copy of its service, if any, becomes `services.get(name)`. */
  async stopCopy(app: INestMicroservice): Promise<void> {
    const at = this.copies.findIndex((c) => c.app === app);
    if (at < 0) return;
    const [{ name }] = this.copies.splice(at, 1);
    if (this.services.get(name) === app) {
      const next = this.copies.find((c) => c.name === name);
      if (next) this.services.set(name, next.app);
      else this.services.delete(name);
    }
    await app.close();
  }

  async startGateway(extra: Record<string, string> = {}): Promise<RunningGateway> {
    const env = loadEnv(GatewayEnv, this.env({ PORT: '0', ...natsCredentials('gateway'), ...extra }));
    const gateway = await startGateway(env);
    this.gateways.push(gateway);
    return gateway;
  }

  gql<T = UntypedData>(query: string, variables?: Record<string, unknown>, token?: string, gatewayUrl = this.url): Promise<GqlResult<T>> {
    return gql<T>(gatewayUrl, query, variables, token);
  }

  ws(token?: string | null, gatewayUrl = this.url) {
    return wsClient(gatewayUrl, token);
  }

  /** The last login code sent to a number (E.164), read from the SMS outbox as a developer would. */
  lastCode(phone: string): string | undefined {
    if (!fs.existsSync(this.outbox)) return undefined;
    const lines = fs.readFileSync(this.outbox, 'utf8').trim().split('\n').reverse();
    for (const line of lines) {
      const sms = JSON.parse(line) as { to: string; code: string };
      if (sms.to === phone) return sms.code;
    }
    return undefined;
  }

  /** Signs a new user up through the public API. */
  async signUp(displayName = `کاربر ${randomBytes(2).toString('hex')}`): Promise<SignedUp> {
    const phone = randomPhone();
    const e164 = `+98${phone.slice(1)}`;
    const sent = await this.gql(`mutation($p:String!){ requestLoginCode(phone:$p){ phone } }`, { p: phone });
    if (sent.errors) throw new Error(`requestLoginCode: ${JSON.stringify(sent.errors)}`);
    const code = this.lastCode(e164);
    const res = await this.gql(`mutation($i:SignInInput!){ signIn(input:$i){ accessToken refreshToken user { id } session { id } } }`, {
      i: { phone, code, displayName },
    });
    if (res.errors) throw new Error(`signIn: ${JSON.stringify(res.errors)}`);
    const auth = res.data.signIn;
    return {
      token: auth.accessToken,
      refreshToken: auth.refreshToken,
      userId: auth.user.id,
      sessionId: auth.session.id,
      phone: e164,
      displayName,
    };
  }

  /**
   * Stops everything. Test files share one NATS server in turn, so a copy
   * that is still subscribed would answer the next file's requests from a
   * database that is gone: a step that hangs (a handler that never returns
   * keeps Nest's close waiting) is given CLOSE_STEP_MS, then its NATS
   * connection is closed outright, and what hung is printed.
   */
  async close(): Promise<void> {
    for (const gateway of this.gateways.splice(0)) await bounded('gateway', () => gateway.close(), gateway.app);
    for (const { name, app } of [...this.copies].reverse()) await bounded(name, () => this.stopCopy(app), app);
    await this.dropDatabase?.().catch(() => undefined);
    await purgeJetStream().catch(() => undefined);
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** How long one step of close() may take before its process's NATS connection is closed outright. */
const CLOSE_STEP_MS = 10_000;

/** Resolves with the value, or with `fallback` once ms have passed. */
export function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function bounded(what: string, step: () => Promise<void>, app: INestApplicationContext): Promise<void> {
  const outcome = await within(
    step().then(
      () => 'closed' as const,
      () => 'failed' as const,
    ),
    CLOSE_STEP_MS,
    'hung' as const,
  );
  if (outcome === 'closed') return;
  process.stderr.write(
    `test platform: closing ${what} ${outcome === 'hung' ? `took over ${CLOSE_STEP_MS} ms` : 'failed'}; its NATS connection is closed outright\n`,
  );
  // Without draining: it takes no request from now on.
  const nc = app.get<symbol, NatsConnection | undefined>(NATS_CONNECTION, { strict: false });
  if (nc && !nc.isClosed()) await nc.close().catch(() => undefined);
}

/**
 * Waits until the service answers its health subject. listen() returns once
 * the copy has sent its subscriptions, not once the server has them, so a
 * request sent at once could still find no responders.
 */
async function answering(name: ServiceName, natsUrl = 'nats://127.0.0.1:4222'): Promise<void> {
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const subject = HealthSubjects[name];
    const body = new TextEncoder().encode(JSON.stringify({ pattern: subject, data: {}, id: 'test-platform' }));
    for (const end = Date.now() + 10_000; ;) {
      const ok = await nc.request(subject, body, { timeout: 1000 }).then(
        () => true,
        () => false,
      );
      if (ok) return;
      if (Date.now() > end) throw new Error(`${name} does not answer ${subject}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await nc.close();
  }
}

/**
 * Test files share one NATS server in turn: streams (and their durable
 * consumers) are deleted after each platform, so no event of one file is
 * delivered into the next file's fresh database.
 */
async function purgeJetStream(): Promise<void> {
  const nc = await connect({ servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',') });
  try {
    const jsm = await nc.jetstreamManager();
    for await (const stream of jsm.streams.list()) await jsm.streams.delete(stream.config.name);
  } finally {
    await nc.close();
  }
}

/**
 * The NATS user a process of the platform connects as, when the test run
 * spawned its nats-server (global-setup): each service and the gateway get
 * their own user and permissions, as in production. Test code that connects
 * without credentials is the server's development user, which may do anything.
 */
export function natsCredentials(user: string): Record<string, string> {
  const passwords = process.env.NATS_TEST_PASSWORDS ? (JSON.parse(process.env.NATS_TEST_PASSWORDS) as Record<string, string>) : {};
  return passwords[user] ? { NATS_USER: user, NATS_PASSWORD: passwords[user] } : {};
}

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** A random Iranian mobile number in local form (09…). */
export function randomPhone(): string {
  return `091${randomInt(0, 10)}${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}
