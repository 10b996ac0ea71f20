import { PayoutAnswer, PayoutOrder, PayoutProvider, PayoutProviderUnavailableError } from './payout-provider';

export interface JibitOptions {
  apiKey: string;
  secretKey: string;
  /** https://napi.jibit.ir/trf (Transferor) and https://napi.jibit.ir/ide (Identicator); local servers in tests. */
  transferorUrl: string;
  identicatorUrl: string;
  timeoutMs: number;
}

/** One transfer as Transferor reports it (GET /v2/transfers?transferID=…). */
export interface JibitTransfer {
  transferID: string;
  state: string;
  bankTransferID?: string | null;
  failReason?: string | null;
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** Transferor's states: TRANSFERRED is final success; FAILED, CANCELLED and MANUALLY_FAILED final failure; the rest still moving. */
const FINAL_FAILURES = new Set(['FAILED', 'CANCELLED', 'MANUALLY_FAILED']);

/**
 * Jibit Transferor (payouts to any Sheba) and Identicator (the IBAN's
 * holder). Each payout is submitted as a batch of one whose transferID is our
 * reference: Transferor refuses a second transfer under the same transferID
 * (transfer.already_exists), which is what makes a lost answer safe to
 * submit again. Access tokens come from /v2/tokens/generate (apiKey,
 * secretKey) and are generated anew after a 401. Amounts in rials.
 */
export class JibitPayoutProvider implements PayoutProvider {
  readonly name = 'jibit' as const;
  private readonly tokens = new Map<'trf' | 'ide', Promise<string>>();

  constructor(private readonly options: JibitOptions) {}

  async submit(order: PayoutOrder): Promise<PayoutAnswer> {
    const [first, ...rest] = (order.ownerName ?? '').trim().split(/\s+/);
    const reply = await this.call('trf', 'POST', '/v2/transfers', {
      batchID: order.reference,
      submissionMode: 'TRANSFER',
      transfers: [
        {
          transferID: order.reference,
          transferMode: 'ACH',
          destination: order.iban,
          destinationFirstName: first || '-',
          destinationLastName: rest.join(' ') || '-',
          amount: rialsForJson(order.amount),
          currency: 'RIALS',
          description: order.description,
          cancellable: false,
        },
      ],
    });
    if (reply.status >= 200 && reply.status < 300) return { state: 'PENDING' };
    const code = errorCode(reply.body);
    if (code === 'transfer.already_exists') return { state: 'PENDING' };
    if (reply.status >= 400 && reply.status < 500 && code) return { state: 'FAILED', reason: `درخواست واریز پذیرفته نشد (جیبیت: ${code})` };
    throw new PayoutProviderUnavailableError(`Jibit transfer: HTTP ${reply.status} (${code ?? 'no error code'})`);
  }

  async inquire(reference: string): Promise<PayoutAnswer> {
    const reply = await this.call('trf', 'GET', `/v2/transfers?transferID=${encodeURIComponent(reference)}`);
    if (reply.status !== 200) throw new PayoutProviderUnavailableError(`Jibit inquiry: HTTP ${reply.status} (${errorCode(reply.body)})`);
    const transfers = Array.isArray(reply.body.transfers) ? (reply.body.transfers as JibitTransfer[]) : [];
    const transfer = transfers.find((t) => t.transferID === reference);
    if (!transfer) return { state: 'NOT_FOUND' };
    if (transfer.state === 'TRANSFERRED') return { state: 'SUCCEEDED', bankReference: transfer.bankTransferID || reference };
    if (FINAL_FAILURES.has(transfer.state)) {
      return { state: 'FAILED', reason: `بانک واریز را انجام نداد (جیبیت: ${transfer.failReason || transfer.state})` };
    }
    return { state: 'PENDING' };
  }

  async ownerName(iban: string): Promise<string | null> {
    const reply = await this.call('ide', 'GET', `/v1/ibans?value=${encodeURIComponent(iban)}`);
    const info = reply.status === 200 ? (reply.body.ibanInfo as { owners?: Array<{ firstName?: string; lastName?: string }> }) : null;
    const owner = info?.owners?.[0];
    const name = owner ? `${owner.firstName ?? ''} ${owner.lastName ?? ''}`.trim() : '';
    return name || null;
  }

  private async call(api: 'trf' | 'ide', method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> {
    let reply = await this.fetchJson(api, method, path, body, await this.token(api));
    if (reply.status === 401 || reply.status === 403) {
      this.tokens.delete(api);
      reply = await this.fetchJson(api, method, path, body, await this.token(api));
    }
    return reply;
  }

  private token(api: 'trf' | 'ide'): Promise<string> {
    let token = this.tokens.get(api);
    if (!token) {
      const path = api === 'trf' ? '/v2/tokens/generate' : '/v1/tokens/generate';
      token = this.fetchJson(api, 'POST', path, { apiKey: this.options.apiKey, secretKey: this.options.secretKey }).then((r) => {
        if (r.status !== 200 || typeof r.body.accessToken !== 'string') {
          throw new PayoutProviderUnavailableError(`Jibit ${api} token: HTTP ${r.status} (${errorCode(r.body)})`);
        }
        return r.body.accessToken;
      });
      token.catch(() => this.tokens.delete(api));
      this.tokens.set(api, token);
    }
    return token;
  }

  private async fetchJson(api: 'trf' | 'ide', method: string, path: string, body?: unknown, token?: string): Promise<Reply> {
    const base = (api === 'trf' ? this.options.transferorUrl : this.options.identicatorUrl).replace(/\/+$/, '');
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      const name = (err as Error).name;
      throw new PayoutProviderUnavailableError(
        `Jibit ${api}: ${name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : `unreachable (${name})`}`,
      );
    }
    const text = await res.text();
    try {
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    } catch {
      throw new PayoutProviderUnavailableError(`Jibit ${api}: HTTP ${res.status} with a body that is not JSON`);
    }
  }
}

/** Jibit's errors: { errors: [{ code, message }] }. */
function errorCode(body: Record<string, unknown>): string | undefined {
  const errors = body.errors;
  return Array.isArray(errors) && typeof errors[0]?.code === 'string' ? errors[0].code : undefined;
}

function rialsForJson(amount: bigint): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) throw new PayoutProviderUnavailableError('amount too large for Jibit');
  return Number(amount);
}
