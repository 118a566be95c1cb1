/**
 * The crash reaper: a small detached process that outlives the harness. When the harness process
 * is gone (even by SIGKILL, when no handler of its own can run), it removes everything labelled
 * with the run's id, then exits. When the harness ends normally it finds nothing left and exits.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../package-root.js';

export const REAPER_POLL_MS = 500;

function reaperScript(): string | undefined {
  const candidates = [
    join(dirname(fileURLToPath(import.meta.url)), 'reaper-main.js'),
    join(packageRoot(), 'dist', 'harness', 'runtime', 'reaper-main.js'),
  ];
  return candidates.find((file) => existsSync(file));
}

export interface Reaper {
  /** ends the reaper once the run has removed what it created (a long-lived process runs many) */
  dismiss(): void;
}

/** Starts the reaper for this process and run; undefined when the built script is missing. */
export function spawnReaper(runId: string): Reaper | undefined {
  const script = reaperScript();
  if (!script) return undefined;
  const child = spawn(process.execPath, [script, String(process.pid), runId], { detached: true, stdio: 'ignore' });
  child.unref();
  return { dismiss: () => void child.kill('SIGTERM') };
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
