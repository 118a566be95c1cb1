/**
 * Polls a URL on 127.0.0.1 until it answers 2xx: readiness as a condition, never a sleep. Every
 * half second it asks `alive` whether the process behind it still runs (a message when not), so a
 * crash fails at once instead of waiting out the timeout.
 */
const POLL_MS = 10;
const ALIVE_EVERY_MS = 500;
const REQUEST_TIMEOUT_MS = 1_000;

export async function waitForHttp(url: string, timeoutMs: number, alive: () => Promise<string | undefined>): Promise<void> {
  const started = Date.now();
  let lastAlive = started;
  let last = 'no attempt';
  while (Date.now() - started < timeoutMs) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      await response.arrayBuffer();
      if (response.status >= 200 && response.status < 300) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() - lastAlive >= ALIVE_EVERY_MS) {
      lastAlive = Date.now();
      const dead = await alive();
      if (dead) throw new Error(dead);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${url} did not answer 2xx within ${timeoutMs / 1000}s (last: ${last})`);
}
