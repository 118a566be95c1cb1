/** ok: answers every request at once. */
import type { BehaviorImplementation } from '../behavior.js';
import type { OkBehavior } from './schema.js';

export const ok: BehaviorImplementation<OkBehavior> = {
  handler(config, context) {
    const body = 'x'.repeat(Math.max(config.body_bytes - 1, 0)) + (config.body_bytes > 0 ? '\n' : '');
    return (_req, res) => {
      res.status(config.status).set('X-Backend-Instance', context.instance).type('text/plain').send(body);
    };
  },
};
