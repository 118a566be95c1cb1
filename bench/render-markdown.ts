/** The benchmark figures as a short Markdown page (pure). */
import type { AccuracyFigures } from './accuracy.js';
import type { CatalogFigures } from './catalog.js';
import type { DriverFigures, MemoryFigures, StalledFigures } from './driver-vs-wrk.js';
import type { OverheadFigures } from './overhead.js';

export interface BenchFigures {
  at: string;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; images: { nginx: string; node: string } };
  overhead: OverheadFigures;
  driver: DriverFigures;
  memory: MemoryFigures;
  stalled: StalledFigures;
  accuracy: AccuracyFigures;
  catalog: CatalogFigures;
}

export function renderBenchMarkdown(f: BenchFigures): string {
  const o = f.overhead.medianMs;
  const lines = [
    `# badgateway benchmark (${f.at}${f.quick ? ', quick' : ''})`,
    '',
    `Machine: ${f.machine.cpus} × ${f.machine.cpuModel}, ${f.machine.memoryGb} GiB, Node ${f.machine.node}, nginx image ${f.machine.images.nginx}, backend image ${f.machine.images.node}.`,
    '',
    '| figure | value |',
    '|---|---|',
    `| overhead per variant (median of ${f.overhead.runs}) | ${f.overhead.medianOverheadMs} ms beyond the load |`,
    `| … backends started and ready | ${o.backends} ms |`,
    `| … nginx -t | ${o.nginxCheck} ms |`,
    `| … nginx started and ready | ${o.nginx} ms |`,
    `| … log and fact collection | ${o.collect} ms |`,
    `| … teardown | ${o.stop} ms |`,
    `| load engine vs wrk (${f.driver.connections} connections, ${f.driver.durationS} s, static body, median of ${f.driver.rounds.length} rounds) | ${f.driver.harnessRps} vs ${f.driver.wrkRps} req/s, ratio ${f.driver.ratio} (rounds: ${f.driver.rounds.map((r) => r.ratio).join(', ')}) |`,
    `| … autocannon (closed model, in the harness's process) vs wrk | ratio ${f.driver.autocannonRatio} (rounds: ${f.driver.rounds.map((r) => r.autocannonRatio).join(', ')}) |`,
    `| stalled backend (500 ms; open model ${f.stalled.declaredPerSecond} req/s, at most ${f.stalled.maxInFlight} in flight): latency corrected vs uncorrected | p50 ${f.stalled.corrected.p50Ms} vs ${f.stalled.uncorrected.p50Ms} ms, p99 ${f.stalled.corrected.p99Ms} vs ${f.stalled.uncorrected.p99Ms} ms; ${f.stalled.late} of ${f.stalled.started} starts late |`,
    `| client count vs access log (${f.accuracy.requests} requests at full speed) | ${f.accuracy.clientCount} vs ${f.accuracy.accessLogCount} (${f.accuracy.countsEqual ? 'equal' : 'DIFFERENT'}), ${f.accuracy.failed} failed |`,
    `| declared vs measured backend delay ($upstream_header_time) | ${f.accuracy.declaredDelayMs} ms vs p50 ${f.accuracy.measuredHeaderTimeMs.p50} / p99 ${f.accuracy.measuredHeaderTimeMs.p99} / max ${f.accuracy.measuredHeaderTimeMs.max} ms |`,
    `| harness memory, ${f.memory.durationS} s at ${f.memory.rps} req/s (${f.memory.requests} requests) | peak ${f.memory.peakRssMb} MB RSS; ${f.memory.rssMbAt10s} MB at 10 s, ${f.memory.rssMbAtEnd} MB at the end; trend ${f.memory.growthMbPerMin} MB/min |`,
    `| catalog wall time (${f.catalog.scenarios} scenarios, ${f.catalog.variants} variants) | ${f.catalog.wallS.join(' s, ')} s |`,
    `| growth with the number of scenarios | ${f.catalog.meanSecondsPerScenario} s per scenario (slowest: ${f.catalog.slowestScenarios.map((s) => `${s.name} ${s.seconds} s`).join(', ')}) |`,
    `| chaos actions of the catalog (${f.catalog.chaosRequestedMinusPlannedMs.count}): asked − declared | min ${f.catalog.chaosRequestedMinusPlannedMs.min} / median ${f.catalog.chaosRequestedMinusPlannedMs.median} / max ${f.catalog.chaosRequestedMinusPlannedMs.max} ms |`,
    `| … took effect − declared (engine event, or the call's return) | min ${f.catalog.chaosTookEffectMinusPlannedMs.min} / median ${f.catalog.chaosTookEffectMinusPlannedMs.median} / max ${f.catalog.chaosTookEffectMinusPlannedMs.max} ms |`,
    `| stability over ${f.catalog.runs} catalog run(s) | ${f.catalog.changedVerdicts.length} verdict(s) changed, ${f.catalog.failedVerdicts} failed |`,
    '',
  ];
  for (const c of f.catalog.changedVerdicts) lines.push(`- changed: ${c.verdict}: ${c.outcomes.join(' → ')}`);
  return lines.join('\n') + '\n';
}
