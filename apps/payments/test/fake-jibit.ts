import http from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/** A transfer as Jibit Transferor keeps it. */
export interface FakeTransfer {
  transferID: string;
  batchID: string;
  destination: string;
  destinationFirstName: string;
  destinationLastName: string;
  amount: number;
  currency: string;
  transferMode: string;
  description: string;
  cancellable: boolean;
  state: 'INITIALIZED' | 'IN_PROGRESS' | 'TRANSFERRED' | 'FAILED' | 'CANCELLED';
  failReason: string | null;
  bankTransferID: string | null;
}

export interface FakeJibitRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
  authorization: string | undefined;
}

export interface FakeJibit {
  /** Base URLs as PaymentsEnv takes them: JIBIT_TRANSFEROR_URL and JIBIT_IDENTICATOR_URL. */
  transferorUrl: string;
  identicatorUrl: string;
  requests: FakeJibitRequest[];
  transfers: Map<string, FakeTransfer>;
  /** Submissions per transferID, accepted or refused as duplicates. */
  submissions: Map<string, number>;
  /** Answer POST /v2/transfers this much later (the transfer is recorded at once): an answer lost to a client timeout. */
  submitDelayMs: number;
  /** Swallow the next n submissions whole: the request never reached Jibit. */
  dropSubmissions: number;
  /** Identicator answers 503 while this is true. */
  identicatorDown: boolean;
  /** What an inquiry moves an IN_PROGRESS transfer to (null: it stays IN_PROGRESS). */
  settleOnInquiry: 'TRANSFERRED' | 'FAILED' | null;
  /** Invalidate every token handed out so far (the next call with one gets 401). */
  expireTokens(): void;
  close(): Promise<void>;
}

const API_KEY = 'test-api-key';
const SECRET_KEY = 'test-secret-key';
export const JIBIT_CREDENTIALS = { JIBIT_API_KEY: API_KEY, JIBIT_SECRET_KEY: SECRET_KEY };

interface Reply {
  status: number;
  body: unknown;
}

const error = (status: number, code: string, message = code): Reply => ({ status, body: { errors: [{ code, message }] } });

/**
 * A local Jibit speaking Transferor v2 (tokens/generate, POST and GET
 * /v2/transfers) under /trf and Identicator v1 (tokens/generate, ibans)
 * under /ide, with the shapes of their public documentation: transfers in a
 * batch, each by its client-chosen transferID, refused a second time with
 * transfer.already_exists; states INITIALIZED → IN_PROGRESS → TRANSFERRED or
 * FAILED (with failReason); errors as { errors: [{ code, message }] }.
 */
export async function startFakeJibit(): Promise<FakeJibit> {
  const tokens = new Set<string>();
  const fake = {
    requests: [] as FakeJibitRequest[],
    transfers: new Map<string, FakeTransfer>(),
    submissions: new Map<string, number>(),
    submitDelayMs: 0,
    dropSubmissions: 0,
    identicatorDown: false,
    settleOnInquiry: 'TRANSFERRED' as FakeJibit['settleOnInquiry'],
    expireTokens: () => tokens.clear(),
  };

  function route(method: string, url: URL, body: Record<string, unknown> | null, authorization?: string): Reply | 'DROP' {
    const path = url.pathname;
    if (method === 'POST' && (path === '/trf/v2/tokens/generate' || path === '/ide/v1/tokens/generate')) {
      if (body?.apiKey !== API_KEY || body?.secretKey !== SECRET_KEY) return error(401, 'invalid.credentials');
      const accessToken = randomBytes(24).toString('base64url');
      tokens.add(accessToken);
      return { status: 200, body: { accessToken, refreshToken: randomBytes(24).toString('base64url') } };
    }
    if (!authorization?.startsWith('Bearer ') || !tokens.has(authorization.slice(7))) return error(401, 'security.auth_required');
    if (method === 'POST' && path === '/trf/v2/transfers') return submit(body);
    if (method === 'GET' && path === '/trf/v2/transfers') return inquire(url.searchParams.get('transferID') ?? '');
    if (method === 'GET' && path === '/ide/v1/ibans') {
      if (fake.identicatorDown) return error(503, 'service.unavailable');
      const iban = url.searchParams.get('value') ?? '';
      if (!/^IR\d{24}$/.test(iban)) return error(400, 'iban.is_invalid');
      const ibanInfo = {
        bank: 'MELLI',
        depositNumber: iban.slice(-13),
        iban,
        status: 'ACTIVE',
        owners: [{ firstName: 'مریم', lastName: 'احمدی' }],
      };
      return { status: 200, body: { value: iban, type: 'IBAN', ibanInfo } };
    }
    return error(404, 'not_found');
  }

  function submit(body: Record<string, unknown> | null): Reply | 'DROP' {
    const items = Array.isArray(body?.transfers) ? (body!.transfers as Array<Record<string, unknown>>) : [];
    if (!body?.batchID || body.submissionMode !== 'TRANSFER' || !items.length) return error(400, 'transfer.invalid_request');
    for (const t of items) fake.submissions.set(String(t.transferID), (fake.submissions.get(String(t.transferID)) ?? 0) + 1);
    if (fake.dropSubmissions > 0) {
      fake.dropSubmissions--;
      return 'DROP';
    }
    for (const t of items) {
      if (fake.transfers.has(String(t.transferID)))
        return error(400, 'transfer.already_exists', 'Transfer with this transferID already exists');
      if (typeof t.amount !== 'number' || t.amount <= 0) return error(400, 'amount.is_invalid');
      if (!/^IR\d{24}$/.test(String(t.destination))) return error(400, 'destination.is_invalid');
    }
    for (const t of items) {
      fake.transfers.set(String(t.transferID), {
        transferID: String(t.transferID),
        batchID: String(body.batchID),
        destination: String(t.destination),
        destinationFirstName: String(t.destinationFirstName),
        destinationLastName: String(t.destinationLastName),
        amount: t.amount as number,
        currency: String(t.currency),
        transferMode: String(t.transferMode),
        description: String(t.description),
        cancellable: Boolean(t.cancellable),
        state: 'IN_PROGRESS',
        failReason: null,
        bankTransferID: null,
      });
    }
    return {
      status: 200,
      body: { batchID: body.batchID, submittedCount: items.length, totalAmount: items.reduce((s, t) => s + Number(t.amount), 0) },
    };
  }

  function inquire(transferID: string): Reply {
    const transfer = fake.transfers.get(transferID);
    if (!transfer) return { status: 200, body: { transfers: [] } };
    if (transfer.state === 'IN_PROGRESS' && fake.settleOnInquiry) {
      const fails = fake.settleOnInquiry === 'FAILED' || transfer.destination.endsWith('9999');
      transfer.state = fails ? 'FAILED' : 'TRANSFERRED';
      transfer.failReason = fails ? 'ACCOUNT_BLOCKED' : null;
      transfer.bankTransferID = fails ? null : `${Date.now()}${randomBytes(2).readUInt16BE()}`;
    }
    return { status: 200, body: { transfers: [{ ...transfer, createdAt: new Date().toISOString(), feeAmount: 0, feeCurrency: 'RIALS' }] } };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString();
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
      fake.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, body, authorization: req.headers.authorization });
      const reply = route(req.method ?? 'GET', url, body, req.headers.authorization);
      if (reply === 'DROP') return; // never answered; the client's timeout ends it
      const delay = req.method === 'POST' && url.pathname === '/trf/v2/transfers' ? fake.submitDelayMs : 0;
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      }, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    transferorUrl: `${base}/trf`,
    identicatorUrl: `${base}/ide`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
