// The chaos scenario itself, shared by `npm run chaos` (bench/chaos/run.ts)
// and its shorter form in the test suite (test/e2e/chaos.e2e-spec.ts).
import { Acked, Clients, Figures, fund, runLoad, signUp, User } from './load';
import { checkInvariants, Resume } from './invariants';
import { ChaosPlatform, Proc } from './platform';

export interface Fault {
  name: string;
  kill: () => Promise<void>;
  restore: () => Promise<void>;
}

/** kill -9 one NATS node, one copy of each service and one gateway, one at a time (`only` names a subset). */
export function faults(p: ChaosPlatform, only?: string[]): Fault[] {
  const node = p.nats.nodes[1];
  const proc = (x: Proc): Fault => ({ name: x.name, kill: () => x.kill(), restore: () => x.start() });
  const all: Fault[] = [
    { name: `nats ${node.name}`, kill: () => node.kill(), restore: () => node.start() },
    ...Object.values(p.copies).map((copies) => proc(copies[0])),
    proc(p.gateways[0]),
  ];
  return only ? all.filter((f) => only.some((o) => f.name.startsWith(o))) : all;
}

export interface ChaosReport {
  figures: Figures;
  acked: Acked;
  problems: string[];
  stored: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Users in pairs with their direct conversation and money, and each user's cursor before the load. */
export async function preparePairs(p: ChaosPlatform, clients: Clients, pairs: number) {
  const out: Array<{ a: User; b: User; conversationId: string }> = [];
  const resumes: Resume[] = [];
  for (let i = 0; i < pairs; i++) {
    const a = await signUp(clients, p.dataDir, i * 2);
    const b = await signUp(clients, p.dataDir, i * 2 + 1);
    await fund(clients, a);
    await fund(clients, b);
    const conversationId = await clients.until(
      'mutation($u:ID!){ startDirectConversation(userId:$u){ id } }',
      { u: b.userId },
      a.token,
      (d) => (d.startDirectConversation as { id: string }).id,
    );
    out.push({ a, b, conversationId: conversationId! });
    for (const user of [a, b]) {
      const cursor = await clients.until(
        '{ updates(after: null) { cursor } }',
        {},
        user.token,
        (d) => (d.updates as { cursor: string }).cursor,
      );
      resumes.push({ user, cursor: cursor! });
    }
  }
  return { pairs: out, resumes };
}

/**
 * Load for `settleMs`, then for each fault: kill it, keep the load on for
 * `downMs`, bring it back, keep the load on for `settleMs`. Then the load
 * stops and the invariants are checked.
 */
export async function runChaos(
  p: ChaosPlatform,
  opts: { pairs: number; downMs: number; settleMs: number; only?: string[]; log?: (line: string) => void },
): Promise<ChaosReport> {
  const log = opts.log ?? (() => undefined);
  const setup = new Clients(
    p.gateways.map((g) => g.url),
    new Figures(),
  );
  const { pairs, resumes } = await preparePairs(p, setup, opts.pairs);
  const clients = new Clients(
    p.gateways.map((g) => g.url),
    new Figures(),
  );
  const acked: Acked = { messages: [], transfers: [], bills: [] };
  let stop = false;
  const started = Date.now();
  const load = runLoad(clients, pairs, () => stop, acked);
  await sleep(opts.settleMs);
  for (const f of faults(p, opts.only)) {
    log(`kill -9 ${f.name}`);
    await f.kill();
    await sleep(opts.downMs);
    await f.restore();
    log(`${f.name} back`);
    await sleep(opts.settleMs);
  }
  stop = true;
  await load;
  const seconds = (Date.now() - started) / 1000;
  const { problems, stored } = await checkInvariants(p.databaseUrl, clients, acked, resumes);
  return { figures: clients.figures, acked, problems, stored, seconds };
}

/** Acknowledged operations per second under the same load with no fault, for `ms`. */
export async function throughput(p: ChaosPlatform, pairs: Array<{ a: User; b: User; conversationId: string }>, ms: number) {
  const clients = new Clients(
    p.gateways.map((g) => g.url),
    new Figures(),
  );
  const acked: Acked = { messages: [], transfers: [], bills: [] };
  let stop = false;
  const load = runLoad(clients, pairs, () => stop, acked);
  await sleep(ms);
  stop = true;
  await load;
  return (acked.messages.length + acked.transfers.length + acked.bills.length) / (ms / 1000);
}
