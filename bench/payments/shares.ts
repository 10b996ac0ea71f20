// The split-share scenario of bench/payments/run.ts: payBillShare through the
// gateway, each paying one member's share of a three-way split. The splits are
// made beforehand by payments' own create_bill_split() (what splitBill calls
// once messaging has confirmed the members; the run has no messaging by
// default), in batches sized so a phase never runs out. Shares are handed
// out split by split across the connections, so concurrent payments mostly
// lock different splits; one in three completes its split and pays the bill.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ChatMoneyEvents } from '@app/contracts';
import { Party } from '../support/stack';

export const PAY_SHARE = 'mutation($id:ID!,$k:String!){ payBillShare(splitId:$id, idempotencyKey:$k){ id status collected } }';

const SHARERS = 3;
const queue: Array<{ splitId: string; user: Party }> = [];
let made = 0;

/** Shares not yet handed out. */
export const sharesLeft = () => queue.length;

/**
 * Makes enough three-way splits that at least `count` shares wait to be paid,
 * each bill new and unpaid (from nextBill). The shares go to the queue ordered
 * first shares of every split, then second, then third.
 */
export async function prepareShares(
  db: Client,
  users: Party[],
  count: number,
  nextBill: () => { billId: string; paymentId: string },
): Promise<void> {
  const splits = Math.ceil(Math.max(0, count - queue.length) / SHARERS);
  const batch: Array<{ splitId: string; members: Party[] }> = [];
  for (let i = 0; i < splits; i++) {
    const members = Array.from({ length: SHARERS }, (_, k) => users[(made * SHARERS + k) % users.length]);
    made++;
    const bill = nextBill();
    const splitId = randomUUID();
    // 30,000 rials in three equal shares, whatever the bill's own digits say: only the ledger's arithmetic matters here.
    await db.query(
      `SELECT payments.create_bill_split(p_id => $1, p_conversation => $2, p_creator => $3, p_bill => $4, p_payment => $5,
         p_type => 'WATER', p_company => '100', p_amount => 30000, p_users => $6::uuid[], p_amounts => $7::bigint[],
         p_expires_at => now() + interval '1 day', p_subject => $8)`,
      [
        splitId,
        randomUUID(),
        members[0].userId,
        bill.billId,
        bill.paymentId,
        members.map((m) => m.userId),
        members.map(() => '10000'),
        ChatMoneyEvents.Changed,
      ],
    );
    batch.push({ splitId, members });
  }
  for (let k = 0; k < SHARERS; k++) for (const s of batch) queue.push({ splitId: s.splitId, user: s.members[k] });
}

/** The next share to pay: who pays it, and the request. */
export function nextShare(): { from: Party; body: object } {
  const next = queue.shift();
  if (!next) throw new Error('bench: ran out of prepared bill shares');
  return { from: next.user, body: { query: PAY_SHARE, variables: { id: next.splitId, k: randomUUID() } } };
}
