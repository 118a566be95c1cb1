/** Entry point of the crash reaper (see reaper.ts): node reaper-main.js <harness-pid> <run-id> */
import { removeLabelled } from './cleanup.js';
import { connectDocker } from './docker-client.js';
import { isProcessAlive, REAPER_POLL_MS } from './reaper.js';

/** an engine that is restarting is waited for this long before the leftovers are left to `clean` */
const ENGINE_RETRY_MS = 120_000;

const [pidText, runId] = process.argv.slice(2);
const pid = Number(pidText);
if (!Number.isInteger(pid) || !runId) process.exit(2);

async function reap(): Promise<void> {
  const until = Date.now() + ENGINE_RETRY_MS;
  for (;;) {
    try {
      await removeLabelled(await connectDocker(), runId!);
      return;
    } catch {
      if (Date.now() > until) return;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

const timer = setInterval(() => {
  if (isProcessAlive(pid)) return;
  clearInterval(timer);
  void reap().finally(() => process.exit(0));
}, REAPER_POLL_MS);
