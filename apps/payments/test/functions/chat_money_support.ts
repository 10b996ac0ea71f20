import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { queryRow, queryRows } from '@app/common';
import { createBillSplit } from '../../src/database/functions/create_bill_split.function';
import { createMoneyRequest } from '../../src/database/functions/create_money_request.function';
import { newTrackingCode } from '../../src/ledger/ids';

/** Helpers shared by the chat money function tests (not a test file itself). */

let bills = 0;

/** An open money request of amount from requester, asking payer (null: anyone). */
export async function openRequest(ds: DataSource, requester: string, payer: string | null, amount = 1000n): Promise<string> {
  const id = randomUUID();
  await createMoneyRequest(ds, { id, conversationId: randomUUID(), requesterId: requester, payerId: payer, amount, note: null });
  return id;
}

/** A collecting split of amount between users (the first is the creator), equal shares. */
export async function openSplit(
  ds: DataSource,
  users: string[],
  amount: bigint,
  expiresAt = new Date(Date.now() + 3600_000),
): Promise<string> {
  const id = randomUUID();
  bills++;
  const share = amount / BigInt(users.length);
  await createBillSplit(ds, {
    id,
    conversationId: randomUUID(),
    creatorId: users[0],
    bill: { billId: String(7_000_000 + bills), paymentId: String(9_000 + bills), type: 'GAS', companyCode: '321', amount },
    shares: users.map((userId, i) => ({ userId, amount: i === 0 ? amount - share * BigInt(users.length - 1) : share })),
    expiresAt,
  });
  return id;
}

export const codes = (n: number) => Array.from({ length: n }, newTrackingCode);

export async function splitRow(
  ds: DataSource,
  id: string,
): Promise<{ status: string; close_reason: string | null; version: number; balance: string }> {
  return (await queryRow(
    ds,
    `SELECT s.status, s.close_reason, s.version, coalesce(a.balance, 0)::text AS balance
       FROM bill_splits s LEFT JOIN accounts a ON a.code = 'BILL_SPLIT:' || s.id WHERE s.id = $1`,
    [id],
  ))!;
}

/** The chat money events of a record, oldest first: kind, version. */
export async function eventsOf(ds: DataSource, id: string): Promise<Array<{ kind: string; version: number }>> {
  const rows = await queryRows<{ payload: { kind: string; version: number } }>(
    ds,
    `SELECT payload FROM outbox WHERE payload->>'refId' = $1 ORDER BY id`,
    [id],
  );
  return rows.map((r) => ({ kind: r.payload.kind, version: r.payload.version }));
}
