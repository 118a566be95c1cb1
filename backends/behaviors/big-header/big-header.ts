/**
 * big-header: answers every request with a header block larger than a header buffer: nginx
 * reads the status line and headers into one proxy_buffer_size buffer (4k or 8k by default) and,
 * when they do not fit, logs "upstream sent too big header while reading response header from
 * upstream" and answers 502. The response itself is valid HTTP, so express writes it.
 */
import { parseSizeBytes } from '../../../harness/scenario/units.js';
import type { BehaviorImplementation } from '../behavior.js';
import type { BigHeaderBehavior } from './schema.js';

export const bigHeader: BehaviorImplementation<BigHeaderBehavior> = {
  handler(config, context) {
    const valueBytes = parseSizeBytes(config.value_bytes)!;
    const isCookie = config.header.toLowerCase() === 'set-cookie';
    const values = Array.from({ length: config.count }, (_, i) => {
      const prefix = isCookie ? `c${i}=` : '';
      return (prefix + 'x'.repeat(valueBytes)).slice(0, valueBytes);
    });
    const body = 'x'.repeat(Math.max(config.body_bytes - 1, 0)) + (config.body_bytes > 0 ? '\n' : '');
    return (_req, res) => {
      res.status(config.status).set('X-Backend-Instance', context.instance).type('text/plain');
      res.setHeader(config.header, values.length === 1 ? values[0]! : values);
      res.send(body);
    };
  },
};
