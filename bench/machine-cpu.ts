/**
 * The CPU time the whole machine spends busy, from Linux's /proc/stat: every process counts (the
 * Docker Engine and its helpers, the containers, badgateway itself), so a benchmark reads it on a
 * machine that runs nothing else. Divided by the cores, it is the least wall time any schedule of
 * the same work could take there.
 */
import { readFileSync } from 'node:fs';

/** /proc/stat counts in USER_HZ, 100 a second on Linux whatever the kernel's own tick */
const TICKS_PER_SECOND = 100;

/** The machine's busy seconds so far, over the cores it counts them on. */
export interface CpuReading {
  busyS: number;
  cores: number;
}

/**
 * A reading from the text of /proc/stat (pure): user, nice, system, irq and softirq of the "cpu"
 * line, the sum over the cores; idle, iowait and the time the hypervisor stole are not the
 * machine's work. The cores are the "cpuN" lines that sum adds up. undefined when the text has no
 * such line.
 */
export function cpuReadingOf(procStat: string): CpuReading | undefined {
  const lines = procStat.split('\n');
  const line = lines.find((l) => /^cpu\s/.test(l));
  if (line === undefined) return undefined;
  const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number);
  const ticks = [user, nice, system, irq, softirq];
  if (ticks.some((t) => t === undefined || !Number.isFinite(t))) return undefined;
  return { busyS: ticks.reduce((sum: number, t) => sum + t!, 0) / TICKS_PER_SECOND, cores: lines.filter((l) => /^cpu\d+\s/.test(l)).length };
}

/** The machine's reading now, or undefined where there is no /proc/stat (not Linux). */
export function machineCpu(): CpuReading | undefined {
  try {
    return cpuReadingOf(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}
