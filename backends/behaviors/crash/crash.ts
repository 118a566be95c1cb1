/**
 * crash: the app dies of an uncaught exception while it handles a request. The exception is
 * thrown outside express (express would turn a throw in a handler into a 500), reaches the
 * process's uncaughtException handler, which writes one log line the way apps do and exits with
 * exit_code. The kernel then closes every connection the process held: nginx sees the one that
 * crashed, and any other request in flight, end without a (complete) response.
 */
import type { Response } from 'express';
import type { BehaviorContext, BehaviorImplementation } from '../behavior.js';
import type { CrashBehavior } from './schema.js';

class AppCrash extends Error {}

function installCrashHandler(config: CrashBehavior, context: BehaviorContext): void {
  process.on('uncaughtException', (error) => {
    const request = error instanceof AppCrash ? ` (${error.message})` : '';
    context.log(`[pid ${process.pid}] uncaughtException: ${config.error}${request}; exiting with code ${config.exit_code}`);
    process.exit(config.exit_code);
  });
}

/** Whether request number n (1-based, since process start) is the one that crashes. */
function crashDecider(config: CrashBehavior, context: BehaviorContext): (n: number) => boolean {
  if (config.after_requests !== undefined) {
    const crashAt = config.after_requests + 1;
    return (n) => n === crashAt;
  }
  const p = config.probability!;
  return () => context.random() < p;
}

/** Throws where nothing catches it: on the next turn of the event loop, outside express. */
function crashLater(what: string): void {
  setImmediate(() => {
    throw new AppCrash(what);
  });
}

function body(bytes: number): string {
  return 'x'.repeat(Math.max(bytes - 1, 0)) + (bytes > 0 ? '\n' : '');
}

function sendHalfThenCrash(res: Response, text: string, what: string): void {
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.flushHeaders();
  res.write(text.slice(0, Math.floor(text.length / 2)), () => crashLater(what));
}

export const crash: BehaviorImplementation<CrashBehavior> = {
  handler(config, context) {
    installCrashHandler(config, context);
    const crashes = crashDecider(config, context);
    const text = body(config.body_bytes);
    let handled = 0;
    let crashing = false;
    return (req, res) => {
      handled++;
      if (crashing) return; // dying already: this request goes down with the process
      const what = `${req.method} ${req.originalUrl}`;
      if (!crashes(handled)) {
        res.status(config.status).set('X-Backend-Instance', context.instance).type('text/plain').send(text);
        return;
      }
      crashing = true;
      if (config.point === 'before-headers') {
        crashLater(what);
        return;
      }
      res.status(config.status).set('X-Backend-Instance', context.instance).type('text/plain');
      sendHalfThenCrash(res, text, what);
    };
  },
};
