// What must hold after the chaos: no acknowledged message lost or duplicated
// (seq gapless per conversation), every transfer posted once in its chat, the
// ledger verifies, and a subscriber resuming from its cursor gets every
// update once.
import { Client } from 'pg';
import { verifyLedger } from '../../apps/payments/src/ledger/ledger-verify';
import { Acked, Clients, User } from './load';

export interface Resume {
  user: User;
  /** The cursor the user had before the load began. */
  cursor: string;
}

async function messagesOk(db: Client, acked: Acked, problems: string[]): Promise<number> {
  const conversations = [...new Set(acked.messages.map((m) => m.conversationId))];
  const rows = (
    await db.query<{ conversation_id: string; id: string; seq: number; kind: string; client_id: string | null; sender_id: string | null }>(
      `SELECT conversation_id, id, seq, kind, client_id, sender_id FROM messaging.messages WHERE conversation_id = ANY($1) ORDER BY conversation_id, seq`,
      [conversations],
    )
  ).rows;
  for (const c of conversations) {
    const seqs = rows.filter((r) => r.conversation_id === c).map((r) => r.seq);
    if (seqs.some((s, i) => s !== i + 1)) problems.push(`conversation ${c}: seq is not 1..${seqs.length} without gaps`);
  }
  const byClient = new Map<string, number>();
  for (const r of rows.filter((x) => x.kind === 'TEXT'))
    byClient.set(`${r.sender_id}/${r.client_id}`, (byClient.get(`${r.sender_id}/${r.client_id}`) ?? 0) + 1);
  for (const [k, n] of byClient) if (n > 1) problems.push(`clientId ${k} stored ${n} times`);
  const ids = new Set(rows.map((r) => r.id));
  const lost = acked.messages.filter((m) => !ids.has(m.id));
  if (lost.length) problems.push(`${lost.length} acknowledged message(s) not stored`);
  return rows.length;
}

async function transfersPostedOnce(db: Client, acked: Acked, problems: string[]): Promise<void> {
  const ids = acked.transfers.map((t) => t.id);
  let counts = new Map<string, number>();
  for (let i = 0; i < 300; i++) {
    const rows = (
      await db.query<{ ref_id: string; n: number }>(
        `SELECT ref_id, count(*)::int AS n FROM messaging.messages WHERE kind = 'PAYMENT' AND ref_id = ANY($1) GROUP BY ref_id`,
        [ids],
      )
    ).rows;
    counts = new Map(rows.map((r) => [r.ref_id, r.n]));
    if (counts.size === ids.length) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const missing = ids.filter((id) => !counts.has(id));
  const twice = [...counts].filter(([, n]) => n !== 1);
  if (missing.length) problems.push(`${missing.length} transfer(s) never posted in their chat`);
  if (twice.length) problems.push(`${twice.length} transfer(s) posted more than once`);
}

const UPDATES = `query($a:String){ updates(after:$a, limit: 100){ cursor hasMore updates { cursor ... on MessageAdded { message { id } } } } }`;

/** Pages the user's update stream from `cursor` through the gateways: every message of theirs since, once. */
async function resumeOk(clients: Clients, db: Client, r: Resume, problems: string[]): Promise<void> {
  const seen: string[] = [];
  const cursors: string[] = [];
  let after = r.cursor;
  for (let page = 0; page < 1000; page++) {
    const data = await clients.until(
      UPDATES,
      { a: after },
      r.user.token,
      (d) =>
        d.updates as {
          cursor: string;
          hasMore: boolean;
          updates: Array<{ cursor: string; message?: { id: string } }>;
        },
    );
    if (!data) return void problems.push(`user ${r.user.userId}: updates did not answer`);
    for (const u of data.updates) {
      cursors.push(u.cursor);
      if (u.message) seen.push(u.message.id);
    }
    after = data.cursor;
    if (!data.hasMore) break;
  }
  if (new Set(cursors).size !== cursors.length) problems.push(`user ${r.user.userId}: an update came twice`);
  const expected = (
    await db.query<{ message_id: string }>(
      `SELECT message_id FROM messaging.updates WHERE user_id = $1 AND type = 'MessageAdded' AND pos > $2 ORDER BY pos`,
      [r.user.userId, r.cursor],
    )
  ).rows.map((x) => x.message_id);
  if (seen.length !== new Set(seen).size) problems.push(`user ${r.user.userId}: a message came twice`);
  const missing = expected.filter((id) => !seen.includes(id));
  if (missing.length) problems.push(`user ${r.user.userId}: ${missing.length} message(s) missing after resuming`);
}

export async function checkInvariants(databaseUrl: string, clients: Clients, acked: Acked, resumes: Resume[]) {
  const problems: string[] = [];
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const stored = await messagesOk(db, acked, problems);
    await transfersPostedOnce(db, acked, problems);
    const ledger = await verifyLedger(databaseUrl);
    if (!ledger.ok) problems.push(`ledger:verify: ${ledger.problems.join('; ')}`);
    for (const r of resumes) await resumeOk(clients, db, r, problems);
    return { problems, stored, ledgerTransfers: ledger.transfers };
  } finally {
    await db.end();
  }
}
