import { BankUnavailableError, InquiryStatus, Bank, PaymentRequestInput, VerifyOutcome } from './bank';

export interface ZarinpalOptions {
  merchantId: string;
  /** https://payment.zarinpal.com in production; a local server in tests. */
  baseUrl: string;
  timeoutMs: number;
}

interface ZarinpalReply {
  /** An object on success, an empty array on failure. */
  data?: { code?: number; message?: string; authority?: string; ref_id?: number | string; card_pan?: string; status?: string } | unknown[];
  /** An empty array on success, an object on failure. */
  errors?: { code?: number; message?: string } | unknown[];
}

const INQUIRY: Record<string, InquiryStatus | undefined> = {
  VERIFIED: 'VERIFIED',
  PAID: 'PAID',
  IN_BANK: 'IN_BANK',
  FAILED: 'FAILED',
  REVERSED: 'REVERSED',
};

/**
 * Zarinpal's REST API v4: payment/request → StartPay/<authority> → the
 * browser returns with Authority and Status → payment/verify with the amount
 * from our database (100 verified, 101 verified before, -50 amount mismatch,
 * -51 not paid), plus payment/inquiry and payment/reverse. Amounts in rials.
 */
export class ZarinpalBank implements Bank {
  readonly name = 'zarinpal' as const;
  private readonly base: string;

  constructor(private readonly options: ZarinpalOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  async request(input: PaymentRequestInput): Promise<{ authority: string; paymentUrl: string }> {
    const reply = await this.call('request', {
      merchant_id: this.options.merchantId,
      amount: rialsForJson(input.amount),
      currency: 'IRR',
      callback_url: input.callbackUrl,
      description: input.description,
      metadata: { order_id: input.orderId },
    });
    const { code, message, data } = outcome(reply);
    if (code === 100 && typeof data?.authority === 'string' && /^[\w-]{1,128}$/.test(data.authority)) {
      return { authority: data.authority, paymentUrl: `${this.base}/pg/StartPay/${data.authority}` };
    }
    throw new BankUnavailableError(`Zarinpal refused the payment request (${code}: ${message})`, code);
  }

  async verify(authority: string, amount: bigint): Promise<VerifyOutcome> {
    const reply = await this.call('verify', { merchant_id: this.options.merchantId, amount: rialsForJson(amount), authority });
    const { code, message, data } = outcome(reply);
    if ((code === 100 || code === 101) && data?.ref_id !== undefined && data.ref_id !== null) {
      return { kind: 'VERIFIED', bankReference: String(data.ref_id), cardPan: data.card_pan ?? null, alreadyVerified: code === 101 };
    }
    if (code === -50) return { kind: 'AMOUNT_MISMATCH', reason: message };
    // -51 not paid; -53 not this merchant's session; -54 no such authority: nothing is coming.
    if (code === -51 || code === -53 || code === -54) return { kind: 'NOT_PAID', reason: `${code}: ${message}` };
    throw new BankUnavailableError(`Zarinpal could not verify (${code}: ${message})`, code);
  }

  async inquire(authority: string): Promise<InquiryStatus> {
    const reply = await this.call('inquiry', { merchant_id: this.options.merchantId, authority });
    const { code, message, data } = outcome(reply);
    const status = code === 100 && typeof data?.status === 'string' ? INQUIRY[data.status] : undefined;
    if (status) return status;
    throw new BankUnavailableError(`Zarinpal inquiry failed (${code}: ${message})`, code);
  }

  async reverse(authority: string): Promise<void> {
    const reply = await this.call('reverse', { merchant_id: this.options.merchantId, authority });
    const { code, message } = outcome(reply);
    if (code !== 100) throw new BankUnavailableError(`Zarinpal did not reverse the payment (${code}: ${message})`, code);
  }

  private async call(method: 'request' | 'verify' | 'inquiry' | 'reverse', body: unknown): Promise<ZarinpalReply> {
    let res: Response;
    try {
      res = await fetch(`${this.base}/pg/v4/payment/${method}.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      const name = (err as Error).name;
      const why =
        name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs} ms`
          : `unreachable (${(err as { cause?: { code?: string } }).cause?.code ?? name})`;
      throw new BankUnavailableError(`Zarinpal ${method}: ${why}`);
    }
    const text = await res.text();
    try {
      return JSON.parse(text) as ZarinpalReply;
    } catch {
      throw new BankUnavailableError(`Zarinpal ${method}: HTTP ${res.status} with a body that is not JSON`);
    }
  }
}

/** The reply's code and message, from data on success or errors on failure. */
function outcome(reply: ZarinpalReply): { code: number | undefined; message: string; data?: Exclude<ZarinpalReply['data'], unknown[]> } {
  const data = reply.data && !Array.isArray(reply.data) ? (reply.data as Exclude<ZarinpalReply['data'], unknown[]>) : undefined;
  const errors = reply.errors && !Array.isArray(reply.errors) ? (reply.errors as { code?: number; message?: string }) : undefined;
  const code = typeof data?.code === 'number' ? data.code : errors?.code;
  return { code, message: data?.message ?? errors?.message ?? 'no message', data };
}

function rialsForJson(amount: bigint): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) throw new BankUnavailableError('amount too large for Zarinpal');
  return Number(amount);
}
