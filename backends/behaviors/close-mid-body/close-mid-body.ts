/**
 * close-mid-body: sends a complete header with a Content-Length, part of the body, and closes.
 * nginx has already passed the status on, so the client gets a 200 whose body ends early on a
 * connection nginx then closes; the error log says "upstream prematurely closed connection while
 * reading upstream" (FIN) or "recv() failed (104: Connection reset by peer) while reading
 * upstream" (RST). A real app does this when its worker dies while streaming a response.
 */
import { STATUS_CODES } from 'node:http';
import { parseDurationMs } from '../../../harness/scenario/units.js';
import type { BehaviorImplementation } from '../behavior.js';
import { startRawRequestServer } from '../../raw-request-server.js';
import type { CloseMidBodyBehavior } from './schema.js';

export const closeMidBody: BehaviorImplementation<CloseMidBodyBehavior> = {
  start(config, context) {
    const sentBytes = config.sent_bytes ?? Math.floor(config.body_bytes / 2);
    const closeAfterMs = parseDurationMs(config.close_after)!;
    const head = `HTTP/1.1 ${config.status} ${STATUS_CODES[config.status] ?? 'Unknown'}\r\nContent-Type: text/plain\r\n`
      + `Content-Length: ${config.body_bytes}\r\nX-Backend-Instance: ${context.instance}\r\nConnection: close\r\n\r\n`;
    const part = Buffer.from(head + 'x'.repeat(sentBytes), 'latin1');
    return startRawRequestServer(context, {
      onRequest(socket) {
        socket.write(part, () => {
          const timer = setTimeout(() => (config.close === 'reset' ? socket.resetAndDestroy() : socket.end()), closeAfterMs);
          socket.once('close', () => clearTimeout(timer));
        });
      },
    });
  },
};
