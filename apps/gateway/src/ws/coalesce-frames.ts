import { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

/** Sockets corked during this turn of the event loop; one setImmediate uncorks them all. */
const corked = new Set<Duplex>();

function uncorkAll(): void {
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/**
 * A server-side WebSocket whose frames of one turn of the event loop leave in
 * one socket write (graphql-ws's `next` and `complete` for a mutation, several
 * pushed updates). Each `ws.send` otherwise made its own write syscall, and on
 * this machine a loopback write cost more CPU than building the frame
 * (bench/peers profile: a fifth of the gateway's busy time in `writeBuffer`).
 * The socket is corked at the first send of a turn and uncorked by
 * setImmediate, right after the turn's I/O callbacks: no timer, so a lone
 * frame does not wait. A class rather than a per-socket wrapper, so an idle
 * socket carries no closure for it (bench/idle).
 */
export class CoalescingWebSocket extends WebSocket {
  override send(...args: unknown[]): void {
    const socket = (this as unknown as { _socket?: Duplex })._socket;
    if (socket?.writable && !corked.has(socket)) {
      if (!corked.size) setImmediate(uncorkAll);
      corked.add(socket);
      socket.cork();
    }
    (super.send as (...a: unknown[]) => void)(...args);
  }
}
