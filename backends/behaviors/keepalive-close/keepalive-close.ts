/**
 * keepalive-close: answers at once, and closes keep-alive connections that sat idle. The idle
 * timer is the behaviour's own, so idle_timeout is the real idle time before the close (Node 20's
 * server.keepAliveTimeout closes 1 s later than it says, to make this very race rarer).
 * drop_idle_after turns the race (the backend closes just as nginx reuses the connection) into a
 * certainty: a request arriving on a connection that was idle that long is dropped unanswered.
 * Either close is a FIN or a reset (close_with). delay holds each request that long before the
 * answer, so a burst keeps arrival rate × delay connections busy at once, all idle together after.
 */
import type { Socket } from 'node:net';
import { parseDurationMs } from '../../../harness/scenario/units.js';
import type { BehaviorImplementation } from '../behavior.js';
import type { KeepaliveCloseBehavior } from './schema.js';

function closer(kind: KeepaliveCloseBehavior['close_with']): (socket: Socket) => void {
  return (socket) => {
    if (socket.destroyed) return;
    if (kind === 'rst') socket.resetAndDestroy();
    else socket.destroy();
  };
}

interface Idle {
  since: number;
  timer?: NodeJS.Timeout;
}

export const keepaliveClose: BehaviorImplementation<KeepaliveCloseBehavior> = {
  configureServer(server) {
    // The idle timer below replaces Node's own.
    server.keepAliveTimeout = 0;
  },

  handler(config, context) {
    const idleMs = parseDurationMs(config.idle_timeout)!;
    const dropAfterMs = config.drop_idle_after === undefined ? undefined : parseDurationMs(config.drop_idle_after)!;
    const delayMs = parseDurationMs(config.delay)!;
    const close = closer(config.close_with);
    /** connections waiting for their next request: only reused connections are here */
    const idle = new WeakMap<Socket, Idle>();
    const body = 'x'.repeat(Math.max(config.body_bytes - 1, 0)) + (config.body_bytes > 0 ? '\n' : '');
    return (_req, res) => {
      const socket = res.socket;
      if (socket === null) return;
      const waited = idle.get(socket);
      clearTimeout(waited?.timer);
      idle.delete(socket);
      if (dropAfterMs !== undefined && waited !== undefined && performance.now() - waited.since >= dropAfterMs) {
        close(socket);
        return;
      }
      res.on('finish', () => {
        const timer = idleMs > 0 ? setTimeout(() => close(socket), idleMs) : undefined;
        timer?.unref();
        idle.set(socket, { since: performance.now(), timer });
      });
      const answer = () => {
        if (!socket.destroyed) res.status(config.status).set('X-Backend-Instance', context.instance).type('text/plain').send(body);
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    };
  },
};
