/** Totals of what the client saw, the same way everywhere (pure). */
import type { ClientObservation } from './observation.js';

/** Requests without a complete, valid response, all kinds together. */
export function failedCount(client: Pick<ClientObservation, 'failed'>): number {
  let n = 0;
  for (const count of Object.values(client.failed)) n += count;
  return n;
}
