// A bounded load as clients behind a load balancer make it: each request goes
// to one of the gateways (round robin), a refused connection is retried on
// the next, and a failed send or payment is retried with the same clientId or
// idempotency key (as the web app does) until it is acknowledged.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { makeBill } from '../../apps/payments/src/bills/bill.rules';

export interface User {
  token: string;
  userId: string;
}

export interface Acked {
  messages: Array<{ conversationId: string; clientId: string; id: string; sender: string }>;
  transfers: Array<{ id: string; from: string; to: string; conversationId: string }>;
  bills: string[];
}

export class Figures {
  requests = 0;
  answered = 0;
  unavailable = 0;
  otherErrors = 0;
  networkErrors = 0;
  /** The longest a client went between two acknowledged operations. */
  longestOutageMs = 0;
  readonly errorCodes = new Map<string, number>();
}

type Gql = { data?: Record<string, unknown>; errors?: Array<{ extensions?: { code?: string } }> };

export class Clients {
  private next = 0;
  constructor(
    readonly gateways: string[],
    readonly figures: Figures,
  ) {}

  /** One GraphQL request through the next gateway that accepts the connection. */
  async gql(query: string, variables: Record<string, unknown>, token?: string): Promise<Gql | null> {
    for (let tries = 0; tries < this.gateways.length; tries++) {
      const url = this.gateways[this.next++ % this.gateways.length];
      this.figures.requests++;
      try {
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await res.json()) as Gql;
        this.figures.answered++;
        const code = body.errors?.[0]?.extensions?.code;
        if (code) {
          if (code === 'SERVICE_UNAVAILABLE') this.figures.unavailable++;
          else this.figures.otherErrors++;
          this.figures.errorCodes.set(code, (this.figures.errorCodes.get(code) ?? 0) + 1);
        }
        return body;
      } catch {
        this.figures.networkErrors++;
      }
    }
    return null;
  }

  /**
   * Retries `query` (same variables: same clientId or key) while the answer is
   * SERVICE_UNAVAILABLE or no gateway took the connection, until it answers
   * data; null on any other error or after `ms`.
   */
  async until<T>(query: string, variables: Record<string, unknown>, token: string, pick: (d: Record<string, unknown>) => T, ms = 60_000) {
    const end = Date.now() + ms;
    for (;;) {
      const r = await this.gql(query, variables, token);
      if (r?.data && !r.errors) return pick(r.data);
      const code = r?.errors?.[0]?.extensions?.code;
      if (r && code !== 'SERVICE_UNAVAILABLE') return null;
      if (Date.now() > end) return null;
      await new Promise((res) => setTimeout(res, 100));
    }
  }
}

export async function signUp(clients: Clients, dataDir: string, n: number): Promise<User> {
  const phone = `0913${String(1_000_000 + n).slice(-7)}`;
  const e164 = `+98${phone.slice(1)}`;
  await clients.gql(`mutation($p:String!){ requestLoginCode(phone:$p){ phone } }`, { p: phone });
  const lines = fs.readFileSync(path.join(dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').reverse();
  const code = lines.map((l) => JSON.parse(l) as { to: string; code: string }).find((s) => s.to === e164)!.code;
  const r = await clients.gql(`mutation($i:SignInInput!){ signIn(input:$i){ accessToken user { id } } }`, {
    i: { phone, code, displayName: `کاربر ${n}` },
  });
  const signIn = r!.data!.signIn as { accessToken: string; user: { id: string } };
  return { token: signIn.accessToken, userId: signIn.user.id };
}

/** Money for `user` through the sandbox bank (payment page, callback). */
export async function fund(clients: Clients, user: User): Promise<void> {
  const r = await clients.gql(
    'mutation($k:String!){ startTopUp(amount:"1000000000", idempotencyKey:$k){ paymentUrl } }',
    { k: randomUUID() },
    user.token,
  );
  const paymentUrl = (r!.data!.startTopUp as { paymentUrl: string }).paymentUrl;
  const paid = await fetch(paymentUrl, { method: 'POST', body: new URLSearchParams({ action: 'pay' }), redirect: 'manual' });
  await fetch(paid.headers.get('location')!);
}

let bills = 0;
const nextBill = () => {
  bills++;
  return makeBill(String(20_000_000 + bills), String(100 + (bills % 900)), 1 + (bills % 9), 1 + (bills % 500), 5, 1 + (bills % 12));
};

/**
 * `workers` clients, each with a pair of users and their direct conversation,
 * send messages, transfers and bill payments in turn until `stop()` is true.
 */
export async function runLoad(
  clients: Clients,
  pairs: Array<{ a: User; b: User; conversationId: string }>,
  stop: () => boolean,
  acked: Acked,
): Promise<void> {
  const run = randomUUID().slice(0, 8);
  await Promise.all(
    pairs.map(async ({ a, b, conversationId }, w) => {
      let lastOk = Date.now();
      const ok = () => {
        const now = Date.now();
        clients.figures.longestOutageMs = Math.max(clients.figures.longestOutageMs, now - lastOk);
        lastOk = now;
      };
      for (let i = 0; !stop(); i++) {
        const [from, to] = i % 2 ? [b, a] : [a, b];
        const kind = i % 10 === 3 ? 'transfer' : i % 10 === 7 ? 'bill' : 'message';
        if (kind === 'message') {
          const clientId = `${run}-w${w}-${i}`;
          const id = await clients.until(
            'mutation($i:SendMessageInput!){ sendMessage(input:$i){ id } }',
            { i: { conversationId, clientId, text: `پیام ${i}` } },
            from.token,
            (d) => (d.sendMessage as { id: string }).id,
          );
          if (id) acked.messages.push({ conversationId, clientId, id, sender: from.userId });
        } else if (kind === 'transfer') {
          const t = await clients.until(
            'mutation($i:TransferInput!){ transferMoney(input:$i){ id } }',
            { i: { toUserId: to.userId, amount: String(1000 + (i % 50) * 10), idempotencyKey: `t-${run}-w${w}-${i}` } },
            from.token,
            (d) => (d.transferMoney as { id: string }).id,
          );
          if (t) acked.transfers.push({ id: t, from: from.userId, to: to.userId, conversationId });
        } else {
          const p = await clients.until(
            'mutation($i:PayBillInput!){ payBill(input:$i){ id } }',
            { i: { ...nextBill(), idempotencyKey: `b-${run}-w${w}-${i}` } },
            from.token,
            (d) => (d.payBill as { id: string }).id,
          );
          if (p) acked.bills.push(p);
        }
        ok();
      }
    }),
  );
}
