/**
 * Behaviours whose whole state lives in their listener, its connections and their handler
 * (counters, a seeded random sequence, per-connection timers; worker threads the reset ends) and
 * none elsewhere in the process (no retained memory, no process-wide hooks, no connections of
 * their own, no exit). A
 * backend with one of these can be reset in place between two variants: its listener closed with
 * every connection, the behaviour (the same or another of these) started again as a new process
 * would start it, its counters zeroed. Any other backend gets a new container instead. Read by the
 * backend (which refuses a reset otherwise) and by the runtime (which then replaces the container).
 */
export const RESETTABLE_BEHAVIORS: ReadonlySet<string> = new Set([
  // request handlers behind the HTTP server
  'ok', 'slow', 'big-header', 'keepalive-close', 'cpu-bound',
  // raw sockets on a listener of their own
  'invalid-header', 'garbage', 'close-mid-body', 'reset', 'no-read-body',
]);
