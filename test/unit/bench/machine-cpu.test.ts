import { describe, expect, it } from 'vitest';
import { cpuReadingOf, machineCpu } from '../../../bench/machine-cpu.js';

describe('cpuReadingOf (/proc/stat)', () => {
  // the summary line of a 2-core machine: user nice system idle iowait irq softirq steal guest guest_nice
  const stat = ['cpu  4000 100 2000 90000 500 30 70 900 0 0', 'cpu0 2000 50 1000 45000 250 15 35 450 0 0', 'cpu1 2000 50 1000 45000 250 15 35 450 0 0', 'intr 123'].join('\n');

  it('sums user, nice, system, irq and softirq; idle, iowait and steal are not the machine at work; over the cores it lists', () => {
    expect(cpuReadingOf(stat)).toEqual({ busyS: (4000 + 100 + 2000 + 30 + 70) / 100, cores: 2 });
  });

  it('reads the summary line, not a core of it', () => {
    expect(cpuReadingOf(stat.split('\n').slice(1).join('\n'))).toBeUndefined();
  });

  it('says nothing of a line it cannot read', () => {
    expect(cpuReadingOf('cpu  4000 100')).toBeUndefined();
    expect(cpuReadingOf('')).toBeUndefined();
  });

  it('grows by at least the CPU this process spent meanwhile', () => {
    const before = machineCpu();
    if (before === undefined) return expect(process.platform).not.toBe('linux');
    // spin until this process has used 0.3 s of CPU, however long a busy machine makes that take
    const own = process.cpuUsage();
    for (let used = process.cpuUsage(own); used.user + used.system < 300_000; used = process.cpuUsage(own)) { /* busy on one core */ }
    const grew = machineCpu()!.busyS - before.busyS;
    // the machine's count holds this process's 0.3 s, give or take its 10 ms ticks; other processes only add to it
    expect(grew).toBeGreaterThanOrEqual(0.25);
  });
});
