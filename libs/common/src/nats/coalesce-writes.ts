import { NatsConnection } from 'nats';

/** The part of nats.js's protocol handler (not in its public types) that queues outgoing commands. */
interface Protocol {
  outbound: { length(): number; size(): number; fill(buf: Uint8Array, ...payloads: Uint8Array[]): void };
  pendingLimit: number;
  flushPending(): void;
  sendCommand(cmd: string | Uint8Array, ...payloads: Uint8Array[]): void;
}

const encoder = new TextEncoder();
const patched = new WeakSet<object>();

/**
 * One socket write per turn of the event loop instead of one per burst of
 * microtasks. nats.js queues each command and flushes the queue in a
 * microtask, so a reply, a live push and the next request started by the same
 * I/O callback but separated by promise hops went out as separate writes; on
 * this machine a write to a loopback socket cost more CPU than the work it
 * carried (bench/peers profile: a quarter of messaging's busy time in
 * `writeBuffer`). setImmediate runs right after the I/O callbacks of the
 * current turn, so a command still leaves without waiting on any timer: a
 * lone request is sent as soon as the code that made it yields.
 * The queue's own size limit still flushes inline, as in nats.js.
 */
export function coalesceNatsWrites(nc: NatsConnection): NatsConnection {
  const protocol = (nc as unknown as { protocol?: Protocol }).protocol;
  if (!protocol || typeof protocol.sendCommand !== 'function' || !protocol.outbound || patched.has(protocol)) return nc;
  patched.add(protocol);
  protocol.sendCommand = function sendCommand(this: Protocol, cmd: string | Uint8Array, ...payloads: Uint8Array[]): void {
    const queued = this.outbound.length();
    this.outbound.fill(typeof cmd === 'string' ? encoder.encode(cmd) : cmd, ...payloads);
    if (queued === 0) setImmediate(() => this.flushPending());
    else if (this.outbound.size() >= this.pendingLimit) this.flushPending();
  };
  return nc;
}
