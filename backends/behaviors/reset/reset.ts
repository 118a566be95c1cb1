/**
 * reset: reads the whole request, then aborts the connection with a TCP RST (SO_LINGER 0, what
 * socket.resetAndDestroy() does) before sending a single byte: nginx's recv() fails with
 * ECONNRESET, "recv() failed (104: Connection reset by peer) while reading response header from
 * upstream", a 502 unless proxy_next_upstream retries it on another server. Requests spared by
 * `probability` get a normal 200.
 */
import { parseDurationMs } from '../../../harness/scenario/units.js';
import type { BehaviorImplementation } from '../behavior.js';
import { startRawRequestServer } from '../../raw-request-server.js';
import type { ResetBehavior } from './schema.js';

const BODY = 'ok\n';

export const reset: BehaviorImplementation<ResetBehavior> = {
  start(config, context) {
    const delayMs = parseDurationMs(config.delay)!;
    const answer = `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${BODY.length}\r\n`
      + `X-Backend-Instance: ${context.instance}\r\nConnection: close\r\n\r\n${BODY}`;
    return startRawRequestServer(context, {
      onRequest(socket) {
        if (context.random() >= config.probability) {
          socket.end(answer);
          return;
        }
        if (delayMs === 0) {
          socket.resetAndDestroy();
          return;
        }
        const timer = setTimeout(() => socket.resetAndDestroy(), delayMs);
        socket.once('close', () => clearTimeout(timer));
      },
    });
  },
};
