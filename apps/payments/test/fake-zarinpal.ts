import http from 'node:http';
import { AddressInfo } from 'node:net';
import { randomInt } from 'node:crypto';

/** A payment session as Zarinpal keeps it. */
export interface FakeSession {
  authority: string;
  amount: number;
  /** What the payer actually paid (differs from amount only when a test tampers with it). */
  paidAmount: number;
  callbackUrl: string;
  description: string;
  orderId?: string;
  state: 'IN_BANK' | 'PAID' | 'VERIFIED' | 'FAILED' | 'REVERSED';
  refId?: number;
}

/** A request's JSON body: the fields the fake reads by Zarinpal's names, and whatever else was sent. */
export interface ZarinpalRequestBody {
  merchant_id?: unknown;
  authority?: unknown;
  amount?: unknown;
  callback_url?: string;
  description?: string;
  metadata?: { order_id?: string };
  [field: string]: unknown;
}

export interface FakeRequest {
  method: string;
  path: string;
  body: ZarinpalRequestBody;
}

const ERRORS: Record<number, string> = {
  [-9]: 'The input params invalid, validation error.',
  [-10]: 'Terminal is not valid, please check merchant_id or ip address.',
  [-50]: 'Session is not valid, amounts values is not the same.',
  [-51]: 'Session is not valid, session is not active paid try.',
  [-54]: 'Invalid authority.',
  [-61]: 'Session is not in success status.',
};

interface Reply {
  status: number;
  body: unknown;
}

const ok = (data: Record<string, unknown>): Reply => ({ status: 200, body: { data, errors: [] } });
const fail = (code: number): Reply => ({
  status: code === -9 ? 422 : 400,
  body: { data: [], errors: { code, message: ERRORS[code] ?? 'error', validations: [] } },
});

/** Zarinpal's answer to one API call, with the sessions it keeps. */
function answer(sessions: Map<string, FakeSession>, merchantId: string, path: string, body: ZarinpalRequestBody): Reply {
  if (body.merchant_id !== merchantId) return fail(-10);
  const session = typeof body.authority === 'string' ? sessions.get(body.authority) : undefined;
  switch (path) {
    case '/pg/v4/payment/request.json':
      return request(sessions, body);
    case '/pg/v4/payment/verify.json':
      return session ? verify(session, body) : fail(-54);
    case '/pg/v4/payment/inquiry.json':
      return session ? ok({ code: 100, message: '', status: session.state }) : fail(-54);
    case '/pg/v4/payment/reverse.json':
      if (!session) return fail(-54);
      if (session.state !== 'PAID' && session.state !== 'VERIFIED') return fail(-61);
      session.state = 'REVERSED';
      return ok({ code: 100, message: 'Reversed' });
    default:
      return fail(-9);
  }
}

function request(sessions: Map<string, FakeSession>, body: ZarinpalRequestBody): Reply {
  if (typeof body.amount !== 'number' || !Number.isInteger(body.amount) || body.amount < 10_000 || !body.callback_url || !body.description)
    return fail(-9);
  const authority = 'A' + String(randomInt(1e9, 1e10)).padStart(35, '0');
  sessions.set(authority, {
    authority,
    amount: body.amount,
    paidAmount: body.amount,
    callbackUrl: body.callback_url,
    description: body.description,
    orderId: body.metadata?.order_id,
    state: 'IN_BANK',
  });
  return ok({ code: 100, message: 'Success', authority, fee_type: 'Merchant', fee: 0 });
}

function verify(session: FakeSession, body: ZarinpalRequestBody): Reply {
  if (body.amount !== session.paidAmount) return fail(-50);
  if (session.state !== 'PAID' && session.state !== 'VERIFIED') return fail(-51);
  const code = session.state === 'VERIFIED' ? 101 : 100;
  session.state = 'VERIFIED';
  return ok({
    code,
    message: code === 101 ? 'Verified' : 'Paid',
    card_hash: 'HASH',
    card_pan: '502229******5995',
    ref_id: session.refId,
    fee_type: 'Merchant',
    fee: 0,
  });
}

/**
 * A local server that speaks Zarinpal's REST API v4 (payment/request,
 * verify, inquiry, reverse under /pg/v4/payment/*.json; StartPay pages) with
 * its codes: 100 success, 101 already verified, -50 amount mismatch, -51 not
 * paid, -54 unknown authority. Tests play the payer with pay()/fail().
 */
export async function startFakeZarinpal(merchantId: string) {
  const sessions = new Map<string, FakeSession>();
  const requests: FakeRequest[] = [];
  let down: 'no' | 'http500' | 'hang' = 'no';

  const send = (res: http.ServerResponse, { status, body }: Reply) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      let body: ZarinpalRequestBody;
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as ZarinpalRequestBody) : {};
      } catch {
        return send(res, fail(-9));
      }
      requests.push({ method: req.method ?? '', path, body });
      if (down === 'hang') return;
      if (down === 'http500') {
        res.writeHead(500, { 'content-type': 'text/html' });
        return res.end('<html>Internal Server Error</html>');
      }
      if (req.method === 'GET' && path.startsWith('/pg/StartPay/')) {
        res.writeHead(sessions.has(path.split('/').pop()!) ? 200 : 404, { 'content-type': 'text/html' });
        return res.end('<html><body>Zarinpal</body></html>');
      }
      if (req.method !== 'POST' || !path.startsWith('/pg/v4/payment/')) return send(res, fail(-9));
      send(res, answer(sessions, merchantId, path, body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    sessions,
    requests,
    /** The payer completes the payment at the bank; returns where the bank sends the browser. */
    pay(authority: string, paidAmount?: number): string {
      const session = sessions.get(authority)!;
      session.state = 'PAID';
      session.refId = randomInt(100_000_000, 999_999_999);
      if (paidAmount !== undefined) session.paidAmount = paidAmount;
      return `${session.callbackUrl}?Authority=${authority}&Status=OK`;
    },
    /** The payer cancels, or the card is declined. */
    fail(authority: string): string {
      sessions.get(authority)!.state = 'FAILED';
      return `${sessions.get(authority)!.callbackUrl}?Authority=${authority}&Status=NOK`;
    },
    setDown(mode: 'no' | 'http500' | 'hang') {
      down = mode;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeZarinpal = Awaited<ReturnType<typeof startFakeZarinpal>>;
