import { randomUUID } from 'node:crypto';
import { queryRow } from '@app/common';
import { claimIdempotencyKey, ClaimIdempotencyKeyInput } from '../../src/database/functions/claim_idempotency_key.function';
import { LedgerDatabase, openLedgerDatabase, sqlState } from './support';

describe('claim_idempotency_key', () => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  const claim = (input: ClaimIdempotencyKeyInput) => claimIdempotencyKey(db.ds, input);
  const first = (): ClaimIdempotencyKeyInput => ({
    viewerId: randomUUID(),
    key: 'key-1',
    operation: 'payBill',
    argsHash: 'hash-a',
    refId: randomUUID(),
  });

  it('claims a new key (null) and records which record it names', async () => {
    const input = first();
    expect(await claim(input)).toBeNull();
    const row = await queryRow<{ operation: string; args_hash: string; ref_id: string }>(
      db.ds,
      `SELECT operation, args_hash, ref_id FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [input.viewerId, input.key],
    );
    expect(row).toEqual({ operation: 'payBill', args_hash: 'hash-a', ref_id: input.refId });
  });

  it('answers a replay with the same arguments with the first record, whatever record the replay proposes', async () => {
    const input = first();
    await claim(input);
    expect(await claim({ ...input, refId: randomUUID() })).toBe(input.refId);
  });

  it('raises PY002 when the key was used with other arguments or for another operation', async () => {
    const input = first();
    await claim(input);
    expect(await sqlState(claim({ ...input, argsHash: 'hash-b' }))).toBe('PY002');
    expect(await sqlState(claim({ ...input, operation: 'transferMoney' }))).toBe('PY002');
  });

  it('keeps keys per user: the same key is new for someone else', async () => {
    const input = first();
    await claim(input);
    expect(await claim({ ...input, viewerId: randomUUID(), argsHash: 'hash-b' })).toBeNull();
  });
});
