/**
 * Live progress of a run. On a TTY one line is redrawn while the load runs (variant, elapsed of
 * planned, requests/s, counts by status); elsewhere (CI logs) only plain lines at the start and end
 * of each variant, so logs stay readable; the same with --jobs, where several variants run at once.
 */
import type { LoadProgress } from '../load/load-driver.js';

export interface Progress {
  /** `again`: a variant that runs a second time, alone (--jobs); not counted twice */
  variantStarted(label: string, again?: boolean): void;
  load(progress: LoadProgress): void;
  /** clears the live line before the variant's result is printed */
  variantEnded(): void;
}

export function createProgress(out: NodeJS.WritableStream & { isTTY?: boolean }, total: number, oneAtATime = true): Progress {
  const tty = Boolean(out.isTTY) && oneAtATime;
  let index = 0;
  let label = '';
  let live = false;
  return {
    variantStarted(name, again = false) {
      if (!again) index++;
      label = again ? `[again, alone] ${name}` : `[${index}/${total}] ${name}`;
      out.write(tty ? `${label}: starting…` : `${label}: running\n`);
      live = tty;
    },
    load(p) {
      if (!tty) return;
      out.write(`\r\x1b[2K${progressLine(label, p)}`);
    },
    variantEnded() {
      if (live) out.write('\r\x1b[2K');
      live = false;
    },
  };
}

/** "[2/6] slow / tuned  2.3s/3.0s  412 req/s  200×950 504×3" (pure) */
export function progressLine(label: string, p: LoadProgress): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  const elapsed = p.plannedMs !== undefined ? `${seconds(p.elapsedMs)}/${seconds(p.plannedMs)}` : seconds(p.elapsedMs);
  const rate = p.elapsedMs > 0 ? Math.round(((p.responses + p.failed) * 1000) / p.elapsedMs) : 0;
  const statuses = Object.entries(p.statusCounts).map(([code, n]) => `${code}×${n}`);
  if (p.failed > 0) statuses.push(`failed×${p.failed}`);
  return `${label}  ${elapsed}  ${rate} req/s  ${statuses.join(' ')}`;
}
