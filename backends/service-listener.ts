/**
 * The listener that serves a behaviour on the service port, as something a reset can close: the
 * listening socket and every connection it accepted, resolved once the port is free again.
 */
import type { Server, Socket } from 'node:net';

export interface ServiceListener {
  /** stops listening and destroys every connection (requests in flight end with them) */
  close(): Promise<void>;
}

/** Tracks the server's connections from now on; call before it listens. */
export function serviceListenerOf(server: Server): ServiceListener {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
  };
}
