/**
 * The CPU time the whole machine spends busy, from Linux's /proc/stat: every process counts (the
 * Docker Engine and its helpers, the containers, badgateway itself), so a benchmark reads it on a
 * machine that runs nothing else. Divided by the cores, it is the least wall time any schedule of
 * the same work could take there.
 */
import { readFileSync } from 'node:fs';

/** /proc/stat counts in USER_HZ, 100 a second on Linux whatever the kernel's own tick */
const TICKS_PER_SECOND = 100;

/**
 * Busy seconds in the text of /proc/stat (pure): user, nice, system, irq and softirq of the "cpu"
 * line, summed over the cores; idle, iowait and the time the hypervisor stole are not the
 * machine's work. undefined when the text has no such line.
 */
export function busySecondsOf(procStat: string): number | undefined {
  const line = procStat.split('\n').find((l) => /^cpu\s/.test(l));
  if (line === undefined) return undefined;
  const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number);
  const ticks = [user, nice, system, irq, softirq];
  if (ticks.some((t) => t === undefined || !Number.isFinite(t))) return undefined;
  return ticks.reduce((sum: number, t) => sum + t!, 0) / TICKS_PER_SECOND;
}

/** The machine's busy seconds so far, or undefined where there is no /proc/stat (not Linux). */
export function machineBusySeconds(): number | undefined {
  try {
    return busySecondsOf(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}
