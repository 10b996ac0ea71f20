import { SmsDeliveryError, SmsMessage, SmsProvider } from './sms.provider';

/**
 * Kavenegar's documented result codes (https://kavenegar.com/rest.html), as
 * short English reasons. On an error both the HTTP status and `return.status`
 * carry the code.
 */
export const KAVENEGAR_ERRORS: Readonly<Record<number, string>> = {
  400: 'missing or incomplete parameters',
  401: 'account disabled',
  402: 'operation failed',
  403: 'invalid API key',
  404: 'unknown method',
  405: 'wrong HTTP method',
  406: 'required parameters missing',
  407: 'access denied to this method',
  409: 'Kavenegar server unavailable, try again later',
  411: 'invalid receptor',
  412: 'invalid sender',
  413: 'message empty or too long',
  414: 'too many receptors in one request',
  415: 'start index out of range',
  416: 'request IP not allowed for this account',
  417: 'invalid send date',
  418: 'insufficient credit',
  419: 'array lengths do not match',
  420: 'links are not allowed in the message',
  422: 'invalid characters in the data',
  424: 'template not found',
  426: 'method requires an advanced plan',
  427: 'sender line usable only through support',
  428: 'voice call not possible for this code',
  429: 'too many requests',
  431: 'invalid code structure',
  432: 'code parameter not found in the message',
  451: 'too many repeated requests',
  501: 'demo account may only send to its owner',
};

export interface KavenegarSmsProviderOptions {
  apiKey: string;
  sender: string;
  /** e.g. https://api.kavenegar.com */
  baseUrl: string;
  timeoutMs?: number;
}

interface KavenegarAnswer {
  return?: { status?: unknown; message?: unknown };
  entries?: unknown;
}

/**
 * The receptor in the form Kavenegar expects: Iranian numbers in local form
 * (+989121234567 → 09121234567), other countries with the 00 prefix.
 */
export function toKavenegarReceptor(e164: string): string {
  const digits = e164.replace(/[\s\-()]/g, '');
  if (digits.startsWith('+98')) return '0' + digits.slice(3);
  if (digits.startsWith('0098')) return '0' + digits.slice(4);
  if (digits.startsWith('+')) return '00' + digits.slice(1);
  return digits;
}

/** Production provider: sends the SMS through Kavenegar's REST API (sms/send). */
export class KavenegarSmsProvider extends SmsProvider {
  private readonly apiKey: string;
  private readonly sender: string;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor({ apiKey, sender, baseUrl, timeoutMs = 5000 }: KavenegarSmsProviderOptions) {
    super();
    this.apiKey = apiKey;
    this.sender = sender;
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = timeoutMs;
  }

  async send(message: SmsMessage): Promise<void> {
    const url = `${this.baseUrl}/v1/${encodeURIComponent(this.apiKey)}/sms/send.json`;
    const form = new URLSearchParams({ receptor: toKavenegarReceptor(message.to), message: message.text });
    if (this.sender) form.set('sender', this.sender);

    let httpStatus: number;
    let body: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', Accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      httpStatus = response.status;
      body = await response.text();
    } catch (error) {
      throw new SmsDeliveryError(this.describeTransportFailure(error));
    }

    let answer: KavenegarAnswer | undefined;
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object') answer = parsed as KavenegarAnswer;
    } catch {
      answer = undefined;
    }
    if (!answer) {
      const status = httpStatus === 200 ? undefined : httpStatus;
      throw new SmsDeliveryError(`Kavenegar answered HTTP ${httpStatus} with a body that is not JSON`, status);
    }

    const code = Number(answer.return?.status);
    if (Number.isFinite(code) && code !== 200) {
      throw new SmsDeliveryError(`Kavenegar refused the message (${code}: ${this.reason(code, answer.return?.message)})`, code);
    }
    if (httpStatus !== 200) {
      throw new SmsDeliveryError(
        `Kavenegar refused the message (${httpStatus}: ${this.reason(httpStatus, answer.return?.message)})`,
        httpStatus,
      );
    }
    if (!Number.isFinite(code)) {
      throw new SmsDeliveryError('Kavenegar answered without a result status');
    }
  }

  private reason(code: number, kavenegarText: unknown): string {
    const known = KAVENEGAR_ERRORS[code];
    if (known) return known;
    return typeof kavenegarText === 'string' && kavenegarText ? this.redact(kavenegarText) : 'unknown error';
  }

  private describeTransportFailure(error: unknown): string {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return `Kavenegar did not answer within ${this.timeoutMs} ms`;
    }
    const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
    const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
    return this.redact(`Could not reach Kavenegar${detail ? ` (${detail})` : ''}`);
  }

  /** Never let the API key (it is part of the URL) into a message. */
  private redact(text: string): string {
    if (!this.apiKey) return text;
    return text.split(this.apiKey).join('***').split(encodeURIComponent(this.apiKey)).join('***');
  }
}
