import { FakeJibit, JIBIT_CREDENTIALS, startFakeJibit } from '../../../test/fake-jibit';
import { JibitPayoutProvider } from './jibit.payout-provider';

const IBAN = 'IR710570029971601460641001';

describe(JibitPayoutProvider.name, () => {
  let jibit: FakeJibit;
  let provider: JibitPayoutProvider;

  beforeEach(async () => {
    jibit = await startFakeJibit();
    provider = new JibitPayoutProvider({
      apiKey: JIBIT_CREDENTIALS.JIBIT_API_KEY,
      secretKey: JIBIT_CREDENTIALS.JIBIT_SECRET_KEY,
      transferorUrl: jibit.transferorUrl,
      identicatorUrl: jibit.identicatorUrl,
      // Patient where the fake answers (a loaded CI machine); the lost-answer test has its own short limit.
      timeoutMs: 5_000,
    });
  });
  afterEach(() => jibit.close());

  const order = (reference = 'po-1') => ({ reference, iban: IBAN, amount: 1_250_000n, ownerName: 'مریم احمدی', description: 'برداشت' });

  it('takes a token, then submits a batch of one whose transferID is our reference, in rials, ACH', async () => {
    expect(await provider.submit(order())).toEqual({ state: 'PENDING' });
    expect(jibit.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /trf/v2/tokens/generate', 'POST /trf/v2/transfers']);
    expect(jibit.requests[0].body).toEqual({ apiKey: 'test-api-key', secretKey: 'test-secret-key' });
    expect(jibit.requests[1].authorization).toMatch(/^Bearer .+/);
    expect(jibit.requests[1].body).toEqual({
      batchID: 'po-1',
      submissionMode: 'TRANSFER',
      transfers: [
        {
          transferID: 'po-1',
          transferMode: 'ACH',
          destination: IBAN,
          destinationFirstName: 'مریم',
          destinationLastName: 'احمدی',
          amount: 1250000,
          currency: 'RIALS',
          description: 'برداشت',
          cancellable: false,
        },
      ],
    });
  });

  it('treats transfer.already_exists as accepted (the reference is the idempotency key) and executes once', async () => {
    await provider.submit(order());
    expect(await provider.submit(order())).toEqual({ state: 'PENDING' });
    expect(jibit.submissions.get('po-1')).toBe(2);
    expect(jibit.transfers.size).toBe(1);
  });

  it('inquires by transferID: NOT_FOUND, then TRANSFERRED with the bank transfer id, or FAILED with the reason', async () => {
    expect(await provider.inquire('po-1')).toEqual({ state: 'NOT_FOUND' });
    await provider.submit(order());
    jibit.settleOnInquiry = null;
    expect(await provider.inquire('po-1')).toEqual({ state: 'PENDING' });
    jibit.settleOnInquiry = 'TRANSFERRED';
    expect(await provider.inquire('po-1')).toEqual({ state: 'SUCCEEDED', bankReference: jibit.transfers.get('po-1')!.bankTransferID });
    await provider.submit(order('po-2'));
    jibit.settleOnInquiry = 'FAILED';
    expect(await provider.inquire('po-2')).toEqual({ state: 'FAILED', reason: 'بانک واریز را انجام نداد (جیبیت: ACCOUNT_BLOCKED)' });
  });

  it('fails a transfer Jibit refuses for its data, and is unavailable when the answer does not come', async () => {
    expect(await provider.submit({ ...order(), iban: 'IR00' })).toEqual({
      state: 'FAILED',
      reason: 'درخواست واریز پذیرفته نشد (جیبیت: destination.is_invalid)',
    });
    jibit.submitDelayMs = 1_000;
    const impatient = new JibitPayoutProvider({
      apiKey: JIBIT_CREDENTIALS.JIBIT_API_KEY,
      secretKey: JIBIT_CREDENTIALS.JIBIT_SECRET_KEY,
      transferorUrl: jibit.transferorUrl,
      identicatorUrl: jibit.identicatorUrl,
      timeoutMs: 300,
    });
    await expect(impatient.submit(order('po-3'))).rejects.toMatchObject({ name: 'PayoutProviderUnavailableError' });
    // The answer was lost, not the transfer.
    expect(jibit.transfers.has('po-3')).toBe(true);
  });

  it('takes a new token after a 401, and reads the owner from Identicator', async () => {
    await provider.submit(order());
    jibit.expireTokens();
    expect(await provider.inquire('po-1')).toMatchObject({ state: 'SUCCEEDED' });
    expect(jibit.requests.filter((r) => r.path === '/trf/v2/tokens/generate')).toHaveLength(2);
    expect(await provider.ownerName(IBAN)).toBe('مریم احمدی');
    expect(jibit.requests.at(-1)!.path).toBe(`/ide/v1/ibans?value=${IBAN}`);
  });
});
