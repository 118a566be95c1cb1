/**
 * garbage: nginx's upstream address points at something that is not an HTTP server (a Redis, a
 * memcached, a TLS-only port). It reads the request, answers in its own protocol and closes. nginx
 * finds no status line, logs "upstream sent no valid HTTP/1.0 header while reading response header
 * from upstream" and, instead of a 502, passes the bytes to the client as an HTTP/0.9 response: no
 * status line, no headers, logged as status 009 with $upstream_status 200, on a client connection
 * it keeps open.
 *
 * Server-first protocols (an SSH banner, a MySQL greeting) are left out on purpose: nginx may read
 * the banner before it has sent the request, and then never sends it, so whether such a backend
 * ever closes the connection (and nginx's response ends) is a race.
 */
import type { BehaviorImplementation } from '../behavior.js';
import { startRawRequestServer } from '../../raw-request-server.js';
import type { GarbageBehavior } from './schema.js';

export const garbage: BehaviorImplementation<GarbageBehavior> = {
  start(config, context) {
    const payload = Buffer.from(config.payload, 'latin1');
    return startRawRequestServer(context, {
      onRequest(socket) {
        socket.end(payload);
      },
    });
  },
};
