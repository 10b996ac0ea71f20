import { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

/**
 * One socket write per turn of the event loop for a WebSocket: the frames a
 * socket is sent during one turn (graphql-ws's `next` and `complete` for a
 * mutation, several pushed updates) leave together. Each `ws.send` otherwise
 * made its own write syscall, and on this machine a loopback write cost more
 * CPU than building the frame (bench/peers profile: a fifth of the gateway's
 * busy time in `writeBuffer`). The socket is corked at the first send of a
 * turn and uncorked by setImmediate, right after the turn's I/O callbacks:
 * no timer, so a lone frame does not wait.
 */
export function coalesceFrames(ws: WebSocket, socket: Duplex): void {
  const send = ws.send.bind(ws) as (...args: unknown[]) => void;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  ws.send = ((...args: unknown[]) => {
    if (!corked && socket.writable) {
      corked = true;
      socket.cork();
      setImmediate(uncork);
    }
    send(...args);
  }) as WebSocket['send'];
}
