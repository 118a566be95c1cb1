/** Entry point of the crash reaper (see reaper.ts): node reaper-main.js <harness-pid> <run-id> */
import { removeLabelled } from './cleanup.js';
import { connectDocker } from './docker-client.js';
import { isProcessAlive, REAPER_POLL_MS } from './reaper.js';

const [pidText, runId] = process.argv.slice(2);
const pid = Number(pidText);
if (!Number.isInteger(pid) || !runId) process.exit(2);

const timer = setInterval(() => {
  if (isProcessAlive(pid)) return;
  clearInterval(timer);
  connectDocker()
    .then((docker) => removeLabelled(docker, runId))
    .catch(() => undefined)
    .finally(() => process.exit(0));
}, REAPER_POLL_MS);
