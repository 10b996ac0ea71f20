import http from 'node:http';
import { AddressInfo } from 'node:net';
import { KavenegarSmsProvider, toKavenegarReceptor } from './kavenegar-sms.provider';
import { SmsDeliveryError, loginCodeText } from './sms.provider';

const API_KEY = '5A6B7C-SECRET-API-KEY-9876';
const SENDER = '10004346';

interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  form: URLSearchParams;
}

type Reply = (res: http.ServerResponse, received: Received) => void;

function json(res: http.ServerResponse, httpStatus: number, body: unknown): void {
  res.writeHead(httpStatus, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function kavenegarError(code: number, persian: string): Reply {
  return (res) => json(res, code, { return: { status: code, message: persian }, entries: null });
}

/** A fake Kavenegar: checks path and method, parses the form, answers with `reply`. */
async function startKavenegar(): Promise<{
  baseUrl: string;
  received: Received[];
  setReply(reply: Reply): void;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  let reply: Reply = () => undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
      };
      received.push(entry);
      if (entry.url !== `/v1/${API_KEY}/sms/send.json`) {
        return json(res, 403, { return: { status: 403, message: 'کد شناسائی API-Key معتبر نمی‌باشد' }, entries: null });
      }
      if (entry.method !== 'POST') {
        return json(res, 405, { return: { status: 405, message: 'متد Get/Post اشتباه است' }, entries: null });
      }
      if (!entry.form.get('receptor') || !entry.form.get('message')) {
        return json(res, 400, { return: { status: 400, message: 'پارامترها ناقص هستند' }, entries: null });
      }
      reply(res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    setReply: (r) => (reply = r),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function sendAndCatch(provider: KavenegarSmsProvider, to = '+989121234567'): Promise<SmsDeliveryError> {
  const error = await provider.send({ to, text: loginCodeText('123456'), code: '123456' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsDeliveryError);
  const deliveryError = error as SmsDeliveryError;
  expect(deliveryError.message).not.toContain(API_KEY);
  return deliveryError;
}

/**
 * Generous for the tests where the fake answers: on a loaded CI machine a
 * first local request has taken over 200 ms. The test of a Kavenegar that
 * never answers sets its own short timeout.
 */
const ANSWER_TIMEOUT_MS = 5000;

describe(KavenegarSmsProvider.name, () => {
  let kavenegar: Awaited<ReturnType<typeof startKavenegar>>;
  let provider: KavenegarSmsProvider;

  beforeEach(async () => {
    kavenegar = await startKavenegar();
    provider = new KavenegarSmsProvider({ apiKey: API_KEY, sender: SENDER, baseUrl: kavenegar.baseUrl, timeoutMs: ANSWER_TIMEOUT_MS });
  });

  afterEach(async () => {
    await kavenegar.close();
  });

  it('converts E.164 numbers to the receptor form Kavenegar expects', () => {
    expect(toKavenegarReceptor('+989121234567')).toBe('09121234567');
    expect(toKavenegarReceptor('00989121234567')).toBe('09121234567');
    expect(toKavenegarReceptor('09121234567')).toBe('09121234567');
    expect(toKavenegarReceptor('+447700900123')).toBe('00447700900123');
  });

  it('posts receptor, the exact message text and the sender to /v1/<key>/sms/send.json', async () => {
    kavenegar.setReply((res, { form }) =>
      json(res, 200, {
        return: { status: 200, message: 'تایید شد' },
        entries: [
          {
            messageid: 8792343,
            message: form.get('message'),
            status: 1,
            statustext: 'در صف ارسال',
            sender: form.get('sender'),
            receptor: form.get('receptor'),
            date: 1356619709,
            cost: 120,
          },
        ],
      }),
    );
    const text = loginCodeText('482913');

    await expect(provider.send({ to: '+989121234567', text, code: '482913' })).resolves.toBeUndefined();

    expect(kavenegar.received).toHaveLength(1);
    const [request] = kavenegar.received;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`/v1/${API_KEY}/sms/send.json`);
    expect(request.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request.form.get('receptor')).toBe('09121234567');
    expect(request.form.get('message')).toBe('کد ورود شما: 482913\nاین کد را به هیچ‌کس ندهید.');
    expect(request.form.get('sender')).toBe(SENDER);
    expect([...request.form.keys()].sort()).toEqual(['message', 'receptor', 'sender']);
  });

  it('handles a base URL with a trailing slash', async () => {
    provider = new KavenegarSmsProvider({
      apiKey: API_KEY,
      sender: SENDER,
      baseUrl: kavenegar.baseUrl + '/',
      timeoutMs: ANSWER_TIMEOUT_MS,
    });
    kavenegar.setReply((res) => json(res, 200, { return: { status: 200, message: 'تایید شد' }, entries: [] }));

    await provider.send({ to: '+989121234567', text: 'x', code: '1' });

    expect(kavenegar.received[0].url).toBe(`/v1/${API_KEY}/sms/send.json`);
  });

  it('turns 418 (insufficient credit) into SmsDeliveryError with status 418', async () => {
    kavenegar.setReply(kavenegarError(418, 'اعتبار حساب شما کافی نیست'));

    const error = await sendAndCatch(provider);

    expect(error.status).toBe(418);
    expect(error.message).toBe('Kavenegar refused the message (418: insufficient credit)');
  });

  it('turns 411 (invalid receptor) into SmsDeliveryError with status 411', async () => {
    kavenegar.setReply(kavenegarError(411, 'گیرنده نامعتبر است'));

    const error = await sendAndCatch(provider);

    expect(error.status).toBe(411);
    expect(error.message).toBe('Kavenegar refused the message (411: invalid receptor)');
  });

  it('turns 402 into SmsDeliveryError with status 402', async () => {
    kavenegar.setReply(kavenegarError(402, 'عملیات ناموفق بود'));

    const error = await sendAndCatch(provider);

    expect(error.status).toBe(402);
    expect(error.message).toBe('Kavenegar refused the message (402: operation failed)');
  });

  it('reports a wrong API key (403) without revealing the key', async () => {
    provider = new KavenegarSmsProvider({
      apiKey: 'WRONG-KEY-0000',
      sender: SENDER,
      baseUrl: kavenegar.baseUrl,
      timeoutMs: ANSWER_TIMEOUT_MS,
    });

    const error = await sendAndCatch(provider);

    expect(error.status).toBe(403);
    expect(error.message).toBe('Kavenegar refused the message (403: invalid API key)');
    expect(error.message).not.toContain('WRONG-KEY-0000');
  });

  it('trusts return.status even when the HTTP status is 200', async () => {
    kavenegar.setReply((res) => json(res, 200, { return: { status: 412, message: 'ارسال کننده نامعتبر است' }, entries: null }));

    const error = await sendAndCatch(provider);

    expect(error.status).toBe(412);
    expect(error.message).toBe('Kavenegar refused the message (412: invalid sender)');
  });

  it('turns a non-JSON 500 answer into SmsDeliveryError', async () => {
    kavenegar.setReply((res) => {
      res.writeHead(500, { 'Content-Type': 'text/html' });
      res.end('<html><body>Internal Server Error</body></html>');
    });

    const error = await sendAndCatch(provider);

    expect(error.status).toBe(500);
    expect(error.message).toBe('Kavenegar answered HTTP 500 with a body that is not JSON');
  });

  it('gives up with SmsDeliveryError when Kavenegar never answers', async () => {
    provider = new KavenegarSmsProvider({ apiKey: API_KEY, sender: SENDER, baseUrl: kavenegar.baseUrl, timeoutMs: 200 });
    kavenegar.setReply(() => undefined);
    const started = Date.now();

    const error = await sendAndCatch(provider);

    const elapsed = Date.now() - started;
    expect(error.message).toBe('Kavenegar did not answer within 200 ms');
    expect(error.status).toBeUndefined();
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(3000);
  });

  it('turns a refused connection into SmsDeliveryError', async () => {
    await kavenegar.close();

    const error = await sendAndCatch(provider);

    expect(error.message).toBe('Could not reach Kavenegar (ECONNREFUSED)');
    expect(error.status).toBeUndefined();
  });
});
