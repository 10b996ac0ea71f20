import http, { IncomingMessage } from 'node:http';
import https from 'node:https';
import { LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import { AddressPolicy, FeedFetchError, resolveHost } from './address-guard';

export interface FetchOptions {
  policy: AddressPolicy;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | { notModified: true; url: string }
  | { notModified: false; url: string; body: Buffer; contentType: string | null; etag: string | null; lastModified: string | null };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Seconds in words, for messages. */
function seconds(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  return `${s} second${s === 1 ? '' : 's'}`;
}

/**
 * GETs a feed the way a careful crawler does: http and https only; every
 * host (the first and each redirect's) resolved and checked against the
 * address policy, and the connection pinned to the checked address; at most
 * maxRedirects redirects; one deadline over DNS, connects, redirects and body;
 * gzip/deflate/br decoded; at most maxBytes read, compressed or not;
 * conditional (ETag, Last-Modified), so an unchanged feed costs a 304.
 * Failures are FeedFetchError with a message meant for people.
 */
export async function fetchFeed(startUrl: string, options: FetchOptions): Promise<FetchResult> {
  const deadline = Date.now() + options.timeoutMs;
  let url = parseFeedUrl(startUrl);
  for (let redirects = 0; ; redirects++) {
    const res = await request(url, options, deadline);
    if (REDIRECTS.has(res.statusCode ?? 0) && res.headers.location) {
      res.resume();
      if (redirects >= options.maxRedirects)
        throw new FeedFetchError(`The feed redirected more than ${options.maxRedirects} times`, 'REDIRECTS');
      let next: URL;
      try {
        next = new URL(res.headers.location, url);
      } catch {
        throw new FeedFetchError('The feed redirected to an address that is not valid', 'BAD_REDIRECT');
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        throw new FeedFetchError(`The feed redirected to ${next.protocol} which is not http or https`, 'BAD_REDIRECT');
      url = next;
      continue;
    }
    const status = res.statusCode ?? 0;
    if (status === 304) {
      res.resume();
      return { notModified: true, url: url.toString() };
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw new FeedFetchError(
        `The server answered ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''} instead of the feed`,
        `HTTP_STATUS_${status}`,
      );
    }
    const body = await readBody(res, options, deadline);
    const header = (name: string) => {
      const v = res.headers[name];
      return typeof v === 'string' && v.length <= 1024 ? v : null;
    };
    return {
      notModified: false,
      url: url.toString(),
      body,
      contentType: header('content-type'),
      etag: header('etag'),
      lastModified: header('last-modified'),
    };
  }
}

/** An http(s) URL without credentials, or a FeedFetchError saying why not. */
export function parseFeedUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new FeedFetchError('This is not a web address (it should look like https://example.com/feed.xml)', 'INVALID_URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FeedFetchError('Only http and https feed addresses are supported', 'NOT_HTTP');
  if (url.username || url.password)
    throw new FeedFetchError('Feed addresses with a user name or password are not supported', 'CREDENTIALS');
  url.hash = '';
  return url;
}

async function request(url: URL, options: FetchOptions, deadline: number): Promise<IncomingMessage> {
  const left = () => deadline - Date.now();
  const timeoutMessage = `The server did not answer within ${seconds(options.timeoutMs)}`;
  const resolved = await Promise.race([
    resolveHost(url.hostname, options.policy),
    new Promise<never>((_, reject) => setTimeout(() => reject(new FeedFetchError(timeoutMessage, 'TIMEOUT')), Math.max(0, left())).unref()),
  ]);
  // Pinned: the socket connects to the address just checked, whatever DNS says now.
  const lookup: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all)
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [resolved]);
    else callback(null, resolved.address, resolved.family);
  };
  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept: 'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = client.request(url, { method: 'GET', headers, lookup, agent: false }, (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    const timer = setTimeout(() => req.destroy(new FeedFetchError(timeoutMessage, 'TIMEOUT')), Math.max(0, left()));
    timer.unref();
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err instanceof FeedFetchError ? err : networkError(err as NodeJS.ErrnoException, url.hostname));
    });
    req.end();
  });
}

function readBody(res: IncomingMessage, options: FetchOptions, deadline: number): Promise<Buffer> {
  const tooBig = new FeedFetchError(`The feed is larger than ${megabytes(options.maxBytes)}, the most this platform reads`, 'TOO_LARGE');
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    res.destroy();
    return Promise.reject(tooBig);
  }
  const encoding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : null;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let raw = 0;
    let decoded = 0;
    let done = false;
    const fail = (err: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      res.destroy();
      decoder?.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new FeedFetchError(`The server did not send the whole feed within ${seconds(options.timeoutMs)}`, 'TIMEOUT')),
      Math.max(0, deadline - Date.now()),
    );
    timer.unref();
    res.on('data', (chunk: Buffer) => {
      raw += chunk.length;
      if (raw > options.maxBytes) fail(tooBig);
    });
    res.on('error', () => fail(new FeedFetchError('The connection was cut off while the feed was being read', 'CUT_OFF')));
    const out = decoder ? res.pipe(decoder) : res;
    out.on('data', (chunk: Buffer) => {
      decoded += chunk.length;
      if (decoded > options.maxBytes) return fail(tooBig);
      chunks.push(chunk);
    });
    if (decoder) decoder.on('error', () => fail(new FeedFetchError(`The server sent a damaged ${encoding}-compressed feed`, 'DAMAGED')));
    out.on('end', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

function networkError(err: NodeJS.ErrnoException, host: string): FeedFetchError {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return new FeedFetchError(`The server ${host} refused the connection`, 'CONNECTION_REFUSED');
  if (code === 'ECONNRESET' || code === 'EPIPE') return new FeedFetchError(`The connection to ${host} was cut off`, 'CUT_OFF');
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new FeedFetchError(`The server ${host} cannot be reached from here`, 'UNREACHABLE');
  if (code === 'ETIMEDOUT') return new FeedFetchError(`The server ${host} did not answer`, 'TIMEOUT');
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'EPROTO') {
    return new FeedFetchError(`The secure connection to ${host} failed: its certificate is not valid (${code})`, 'TLS');
  }
  if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_'))
    return new FeedFetchError(`The server ${host} did not answer in HTTP`, 'NOT_HTTP_SERVER');
  return new FeedFetchError(`The connection to ${host} failed (${code || err.message})`, 'CONNECTION_FAILED');
}
