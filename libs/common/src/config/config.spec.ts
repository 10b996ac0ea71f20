import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IsInt, IsString, Min } from 'class-validator';
import { BaseEnv, DatabaseEnv } from './base-env';
import { loadEnv } from './load-env';
import { resolveJwtSecret } from './secrets';

class SampleEnv extends BaseEnv {
  @IsInt() @Min(1) WIDGETS = 3;
}

describe(loadEnv.name, () => {
  it("reads declared variables, converts them to their default's type and ignores the rest", () => {
    const env = loadEnv(SampleEnv, { WIDGETS: '7', NATS_URL: 'nats://a:1,nats://b:2', UNRELATED: 'x' });
    expect(env.WIDGETS).toBe(7);
    expect(env.natsServers).toEqual(['nats://a:1', 'nats://b:2']);
    expect(env.RPC_TIMEOUT_MS).toBe(5000);
    expect((env as unknown as Record<string, unknown>).UNRELATED).toBeUndefined();
  });

  it('stops at boot with every bad value named', () => {
    expect(() => loadEnv(SampleEnv, { WIDGETS: '0', NODE_ENV: 'staging' })).toThrow(/WIDGETS="?0"?[\s\S]*NODE_ENV|NODE_ENV[\s\S]*WIDGETS/);
  });
});

describe('DatabaseEnv.databaseUrl', () => {
  class ShopEnv extends DatabaseEnv {
    @IsString() SHOP_DATABASE_URL = '';
  }

  it("takes the service's own <SCHEMA>_DATABASE_URL when set, DATABASE_URL otherwise", () => {
    expect(loadEnv(ShopEnv, { DATABASE_URL: 'postgres://one/db' }).databaseUrl('shop')).toBe('postgres://one/db');
    const own = loadEnv(ShopEnv, { DATABASE_URL: 'postgres://one/db', SHOP_DATABASE_URL: 'postgres://shop/db' });
    expect([own.databaseUrl('shop'), own.databaseUrl('other')]).toEqual(['postgres://shop/db', 'postgres://one/db']);
  });
});

describe(resolveJwtSecret.name, () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-secret-'));

  it('generates the secret once into DATA_DIR outside production and reuses it', () => {
    const DATA_DIR = dir();
    const first = resolveJwtSecret({ JWT_SECRET: '', DATA_DIR, production: false });
    const second = resolveJwtSecret({ JWT_SECRET: '', DATA_DIR, production: false });
    expect(Buffer.from(first).toString()).toBe(Buffer.from(second).toString());
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(path.join(DATA_DIR, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('refuses to start in production without JWT_SECRET', () => {
    expect(() => resolveJwtSecret({ JWT_SECRET: '', DATA_DIR: dir(), production: true })).toThrow(/production needs JWT_SECRET/);
  });

  it('refuses a short JWT_SECRET', () => {
    expect(() => resolveJwtSecret({ JWT_SECRET: 'short', DATA_DIR: dir(), production: true })).toThrow(/at least 32/);
    expect(() => resolveJwtSecret({ JWT_SECRET: 'a'.repeat(32), DATA_DIR: dir(), production: true })).toThrow(/too predictable/);
    expect(() => resolveJwtSecret({ JWT_SECRET: 'password'.repeat(4), DATA_DIR: dir(), production: false })).toThrow(/too predictable/);
    expect(resolveJwtSecret({ JWT_SECRET: 'kQ9v2Lr7XtZ0bN4mW8sHc1Jp6YdFgE3u', DATA_DIR: dir(), production: true })).toHaveLength(32);
  });
});
