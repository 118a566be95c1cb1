/**
 * Behaviours whose whole state lives in their request handler (counters, a seeded random sequence,
 * per-connection timers) and none in the process (no worker threads, no raw sockets, no retained
 * memory, no process-wide hooks). A backend with one of these can be reset in place between two
 * variants with the same spec: its connections closed, its handler and random sequence made anew,
 * its counters zeroed. Any other backend gets a new container instead. Read by the backend (which
 * refuses a reset otherwise) and by the runtime (which then replaces the container).
 */
export const RESETTABLE_BEHAVIORS: ReadonlySet<string> = new Set(['ok', 'slow', 'big-header', 'keepalive-close']);
