import type { Server } from 'node:http';
import type { Socket } from 'node:net';

interface Activity {
  /** bytesRead + bytesWritten when last seen to change. */
  bytes: number;
  /** When they last changed (or the connection opened), epoch ms. */
  since: number;
}

/** How often connections are looked at: a quarter of the bound, between 250 ms and 5 s. */
export const idleSweepEveryMs = (idleMs: number): number =>
  Math.max(250, Math.min(5000, Math.floor(idleMs / 4)));

/**
 * Closes every connection that has moved no byte either way for `idleMs` (HTTP_CONNECTION_TIMEOUT_MS):
 * a client that stops reading its answer, or a request that never ends, cannot hold a socket.
 *
 * What Node's `server.setTimeout(idleMs)` does, without its cost: that is a timer per socket which
 * Node re-arms at every request, two timer-list operations per request (0.4 µs of a redirect's CPU
 * under load, `perf`, issue 19). Here a sweep reads each socket's byte counters every quarter of the
 * bound: a connection is closed between `idleMs` and `idleMs` + one sweep after its last byte.
 */
export function closeIdleConnections(server: Server, idleMs: number): void {
  const connections = new Map<Socket, Activity>();
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { bytes: 0, since: Date.now() });
    socket.once('close', () => connections.delete(socket));
  });
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [socket, seen] of connections) {
      const bytes = socket.bytesRead + socket.bytesWritten;
      if (bytes !== seen.bytes) {
        seen.bytes = bytes;
        seen.since = now;
      } else if (now - seen.since >= idleMs) {
        connections.delete(socket);
        socket.destroy();
      }
    }
  }, idleSweepEveryMs(idleMs));
  sweep.unref();
  server.once('close', () => {
    clearInterval(sweep);
  });
}
