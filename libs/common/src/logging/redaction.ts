import pino from 'pino';

/**
 * What never reaches a log line: message and post texts, phone numbers (all
 * but the last 4 digits), login codes, passwords, tokens, IBANs, SQL and its
 * parameters. Log lines carry ids, codes and sizes instead; these rules catch
 * what slips through by name (pino's redaction, at any of the first levels)
 * and errors by shape (the `err` serializer).
 */
const SECRET_KEYS = [
  'text',
  'message_text',
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'secret',
  'iban',
  'loginCode',
  'smsCode',
  'parameters',
  'query',
  'sql',
  'body',
];
const PHONE_KEYS = ['phone', 'to', 'receptor', 'mobile'];

const anyLevel = (keys: string[]) => keys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export const REDACT_PATHS = [...anyLevel(SECRET_KEYS), ...anyLevel(PHONE_KEYS), 'req.headers.authorization', 'headers.authorization'];
const PHONE_PATHS = new Set(PHONE_KEYS);

/** +989121234567 → *********4567: enough to tell two numbers apart in support, not to call one. */
export function maskPhone(value: unknown): string {
  const text = String(value ?? '');
  return text.length <= 4 ? '****' : '*'.repeat(text.length - 4) + text.slice(-4);
}

export function censor(value: unknown, path: string[]): unknown {
  if (value === undefined || value === null) return value;
  return PHONE_PATHS.has(path[path.length - 1]) && (typeof value === 'string' || typeof value === 'number')
    ? maskPhone(value)
    : '[redacted]';
}

/** Properties of database and HTTP client errors that carry what a user sent (a failed batch's parameters held other users' texts). */
const ERROR_SECRETS = ['parameters', 'query', 'sql', 'detail', 'where', 'driverError', 'config', 'request', 'response', 'body'];

/**
 * Errors as pino serializes them, without what they carry of the data: SQL,
 * its parameters, PostgreSQL's detail (`Key (phone)=(+98…)`), and quoted
 * values in messages (`invalid input syntax for type uuid: "…"`). The SQLSTATE
 * code, constraint, table and column stay: they say what went wrong.
 */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const serialized = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  for (const key of ERROR_SECRETS) delete serialized[key];
  for (const key of ['message', 'stack']) {
    if (typeof serialized[key] === 'string') serialized[key] = scrub(serialized[key] as string);
  }
  if (serialized.cause instanceof Error || (serialized.cause && typeof serialized.cause === 'object')) {
    serialized.cause = serializeError(serialized.cause);
  }
  return serialized;
}

/** Quoted values and `(column)=(value)` pairs in an error's words, and any long run of digits (a phone number, a card). */
export function scrub(text: string): string {
  return text
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\(([^()]*)\)=\(([^()]*)\)/g, '($1)=(…)')
    .replace(/\+?\d{8,}/g, (digits) => maskPhone(digits));
}
