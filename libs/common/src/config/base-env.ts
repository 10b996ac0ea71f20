import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';

/**
 * Settings every process reads. Each app extends this with its own short env
 * class; nothing else in the code reads process.env. Every property has a
 * default (the empty string meaning "unset"), which is also how loadEnv knows
 * which variables to read.
 */
export class BaseEnv {
  @IsIn(['development', 'production', 'test']) NODE_ENV = 'development';
  @IsString() DATA_DIR = './data';
  @IsString() NATS_URL = 'nats://127.0.0.1:4222';
  /** This process's NATS user and password (one user per service, with permissions on its own subjects; see README). */
  @IsString() NATS_USER = '';
  @IsString() NATS_PASSWORD = '';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  /** Append log lines to this file instead of stdout (unset: stdout). */
  @IsString() LOG_FILE = '';
  /** How long a NATS request waits before SERVICE_UNAVAILABLE. */
  @IsInt() @Min(50) @Max(120000) RPC_TIMEOUT_MS = 5000;
  /**
   * Copies of each JetStream stream (and so of its consumers) a service
   * creates: 1 on one nats-server, 3 on a cluster. An existing stream is
   * never lowered (see ensureStream).
   */
  @IsInt() @Min(1) @Max(5) JETSTREAM_REPLICAS = 1;
  /** A service's /healthz, /readyz and /metrics on this port (0: not served; the gateway serves them on PORT). */
  @IsInt() @Min(0) @Max(65535) OPS_PORT = 0;
  @IsString() OPS_HOST = '127.0.0.1';
  /** OpenTelemetry traces to an OTLP/HTTP collector (its base URL, e.g. http://otel-collector:4318), and/or to a JSON-lines file. */
  @IsString() OTEL_EXPORTER_OTLP_ENDPOINT = '';
  @IsString() TRACES_FILE = '';

  get production(): boolean {
    return this.NODE_ENV === 'production';
  }
  /** Connection options for NATS: servers, credentials when given, and this process's own reply inbox prefix. */
  natsOptions(name: string): { servers: string[]; user?: string; pass?: string; inboxPrefix: string } {
    const user = this.NATS_USER || undefined;
    // Permissions let a service read replies only under its own prefix.
    return { servers: this.natsServers, user, pass: user ? this.NATS_PASSWORD : undefined, inboxPrefix: `_INBOX_${user ?? name}` };
  }
  get natsServers(): string[] {
    return this.NATS_URL.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
}

/** Services that keep data. */
export class DatabaseEnv extends BaseEnv {
  @IsString() DATABASE_URL = '';
  @IsInt() @Min(1) @Max(200) DB_POOL_SIZE = 10;

  /**
   * The service's own PostgreSQL: `<SCHEMA>_DATABASE_URL` (e.g.
   * MESSAGING_DATABASE_URL, declared by the service's env class) when set,
   * else DATABASE_URL; so services move to their own servers one at a time.
   */
  databaseUrl(schema: string): string {
    const own = (this as unknown as Record<string, unknown>)[`${schema.toUpperCase()}_DATABASE_URL`];
    return typeof own === 'string' && own ? own : this.DATABASE_URL;
  }
}
