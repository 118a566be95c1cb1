/** The benchmark figures as a short Markdown page (pure). */
import type { AccuracyFigures } from './accuracy.js';
import type { CatalogFigures } from './catalog.js';
import type { DriverFigures, MemoryFigures, StalledFigures } from './driver-vs-wrk.js';
import type { OverheadArm, OverheadFigures } from './overhead.js';

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

/** The catalog's wall time before containers were kept between variants (3 runs, this machine kind). */
export const REFERENCE_CATALOG_S = [364.5, 365.4, 359.7];
/** The previous figures in BENCHMARKS.md (`--catalog-runs=1 --catalog-jobs=2`, 2026-11-29, app servers started ahead), and the issue's targets. */
const PREVIOUS_CATALOG = { serialS: 325.3, medianOverheadMs: 642, jobs2S: 294.1 };
const TARGET = { catalogS: 180, medianOverheadMs: 800 };

function overheadRows(o: OverheadFigures): string[] {
  const row = (label: string, pick: (arm: OverheadArm) => number) => `| ${label} | ${pick(o.reference)} ms | ${pick(o.fresh)} ms | ${pick(o.reused)} ms |`;
  return [
    `| overhead per variant (median of ${o.runs}) | before reuse | fresh containers | kept containers |`,
    '|---|---|---|---|',
    row('wall time beyond the load', (a) => a.medianOverheadMs),
    row('… backends started (or reset) and ready', (a) => a.medianMs.backends),
    row('… nginx -t', (a) => a.medianMs.nginxCheck),
    row('… nginx started and ready', (a) => a.medianMs.nginx),
    row('… log and fact collection', (a) => a.medianMs.collect),
    row('… teardown', (a) => a.medianMs.stop),
  ];
}

/** The catalog's section alone (`--only=catalog`). */
export function renderCatalogMarkdown(c: CatalogFigures): string {
  return [...catalogRows(c), ''].join('\n');
}

function catalogRows(c: CatalogFigures): string[] {
  const s = c.shape;
  const lines = [
    `| catalog (${c.scenarios} scenarios, ${c.variants} variants) | before reuse | previous | target | now |`,
    '|---|---|---|---|---|',
    `| wall time | ${REFERENCE_CATALOG_S.join(' s, ')} s | ${PREVIOUS_CATALOG.serialS} s | ${TARGET.catalogS} s | ${c.wallS.join(' s, ')} s |`,
    ...(c.parallel ? [`| wall time with --jobs ${c.parallel.jobs} | — | ${c.parallel.jobs === 2 ? `${PREVIOUS_CATALOG.jobs2S} s` : '—'} | ${TARGET.catalogS} s | ${c.parallel.wallS} s |`] : []),
    `| seconds per variant | ${(REFERENCE_CATALOG_S[0]! / c.variants).toFixed(2)} | — | — | ${s.secondsPerVariant} |`,
    `| overhead per variant (wall − load), median | — | ${PREVIOUS_CATALOG.medianOverheadMs} ms | ${TARGET.medianOverheadMs} ms | ${s.medianOverheadPerVariantMs} ms |`,
    `| … by quarter of the run (flat = does not grow with the catalog) | — | — | — | ${s.overheadByQuarterMs.join(' / ')} ms |`,
    ...cpuRows(c),
    '',
    '| scenarios | variants | wall time so far |',
    '|---|---|---|',
    ...s.growth.filter((g, i) => i % 4 === 3 || i === s.growth.length - 1).map((g) => `| ${g.scenarios} | ${g.variants} | ${g.wallS} s |`),
    '',
    // the CPU column where the run could read it
    `| scenario | variants | load | overhead | total |${c.cpu ? ' CPU |' : ''}`,
    `|---|---|---|---|---|${c.cpu ? '---|' : ''}`,
    ...s.perScenario.map((r) => `| ${r.name} | ${r.variants} | ${r.loadS} s | ${r.overheadS} s | ${r.totalS} s |${c.cpu ? ` ${r.cpuS ?? '—'} s |` : ''}`),
  ];
  if (c.parallel) {
    lines.push('', `Parallel: the catalog with --jobs ${c.parallel.jobs} took ${c.parallel.wallS} s; ${c.parallel.ranAgain.length} variant(s) did not pass beside other scenarios and ran again alone; ${c.parallel.changedVerdicts.length} final verdict(s) differ from the serial run.`);
    for (const again of c.parallel.ranAgain) lines.push(`- ran again alone: ${again}`);
    for (const d of c.parallel.changedVerdicts) lines.push(`- differs: ${d.verdict}: serial ${d.serial}, parallel ${d.parallel}`);
  }
  return lines;
}

/** What the runs kept the machine's cores busy with, and the least wall time that allows (absent off Linux). */
function cpuRows(c: CatalogFigures): string[] {
  if (!c.cpu) return [];
  const rows = [
    `| CPU the machine was busy (every process: the engine, containers, badgateway) | — | — | — | ${c.cpu.busyS} s |`,
    `| … the least wall time that allows on ${c.cpu.cores} cores (CPU ÷ cores) | — | — | ${TARGET.catalogS} s | ${c.cpu.leastWallS} s |`,
  ];
  const p = c.parallel;
  if (p?.cpu) rows.push(`| … with --jobs ${p.jobs}: CPU, and the cores' busy share of its wall time | — | — | — | ${p.cpu.busyS} s, ${Math.round((100 * p.cpu.busyS) / (p.cpu.cores * p.wallS))}% |`);
  return rows;
}

export function renderBenchMarkdown(f: BenchFigures): string {
  const lines = [
    `# badgateway benchmark (${f.at}${f.quick ? ', quick' : ''})`,
    '',
    `Machine: ${f.machine.cpus} × ${f.machine.cpuModel}, ${f.machine.memoryGb} GiB, Node ${f.machine.node}, nginx image ${f.machine.images.nginx}, backend image ${f.machine.images.node}.`,
    '',
    ...overheadRows(f.overhead),
    '',
    '| figure | value |',
    '|---|---|',
    `| load engine vs wrk (${f.driver.connections} connections, ${f.driver.threads} threads each, ${f.driver.durationS} s, static body, median of ${f.driver.rounds.length} rounds, each first in turn) | ${f.driver.harnessRps} vs ${f.driver.wrkRps} req/s, ratio ${f.driver.ratio} (rounds: ${f.driver.rounds.map((r) => r.ratio).join(', ')}) |`,
    `| … autocannon (closed model, in the harness's process) vs wrk | ratio ${f.driver.autocannonRatio} (rounds: ${f.driver.rounds.map((r) => r.autocannonRatio).join(', ')}) |`,
    `| stalled backend (500 ms; open model ${f.stalled.declaredPerSecond} req/s, at most ${f.stalled.maxInFlight} in flight): latency corrected vs uncorrected | p50 ${f.stalled.corrected.p50Ms} vs ${f.stalled.uncorrected.p50Ms} ms, p99 ${f.stalled.corrected.p99Ms} vs ${f.stalled.uncorrected.p99Ms} ms; ${f.stalled.late} of ${f.stalled.started} starts late |`,
    `| client count vs access log (${f.accuracy.requests} requests at full speed) | ${f.accuracy.clientCount} vs ${f.accuracy.accessLogCount} (${f.accuracy.countsEqual ? 'equal' : 'DIFFERENT'}), ${f.accuracy.failed} failed |`,
    `| declared vs measured backend delay ($upstream_header_time) | ${f.accuracy.declaredDelayMs} ms vs p50 ${f.accuracy.measuredHeaderTimeMs.p50} / p99 ${f.accuracy.measuredHeaderTimeMs.p99} / max ${f.accuracy.measuredHeaderTimeMs.max} ms |`,
    `| harness memory, ${f.memory.durationS} s at ${f.memory.rps} req/s (${f.memory.requests} requests) | peak ${f.memory.peakRssMb} MB RSS; ${f.memory.rssMbAt10s} MB at 10 s, ${f.memory.rssMbAtEnd} MB at the end; trend ${f.memory.growthMbPerMin} MB/min |`,
    `| growth with the number of scenarios | ${f.catalog.meanSecondsPerScenario} s per scenario (slowest: ${f.catalog.slowestScenarios.map((s) => `${s.name} ${s.seconds} s`).join(', ')}) |`,
    `| chaos actions of the catalog (${f.catalog.chaosRequestedMinusPlannedMs.count}): asked − declared | min ${f.catalog.chaosRequestedMinusPlannedMs.min} / median ${f.catalog.chaosRequestedMinusPlannedMs.median} / max ${f.catalog.chaosRequestedMinusPlannedMs.max} ms |`,
    `| … took effect − declared (engine event, or the call's return) | min ${f.catalog.chaosTookEffectMinusPlannedMs.min} / median ${f.catalog.chaosTookEffectMinusPlannedMs.median} / max ${f.catalog.chaosTookEffectMinusPlannedMs.max} ms |`,
    `| stability over ${f.catalog.runs} catalog run(s) | ${f.catalog.changedVerdicts.length} verdict(s) changed, ${f.catalog.failedVerdicts} failed |`,
    '',
    ...catalogRows(f.catalog),
    '',
  ];
  for (const c of f.catalog.changedVerdicts) lines.push(`- changed: ${c.verdict}: ${c.outcomes.join(' → ')}`);
  return lines.join('\n') + '\n';
}
