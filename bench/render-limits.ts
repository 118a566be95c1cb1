/** The maximums' figures (`npm run bench -- --only=limits`) as a short Markdown page (pure). */
import type { LimitFigures } from './limits.js';

export interface LimitsReport {
  at: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; images: { nginx: string; node: string } };
  cases: LimitFigures[];
}

const n = (value: number | undefined) => (value === undefined ? '—' : value.toLocaleString('en-US'));

function counts(f: LimitFigures): string {
  if (f.sent === undefined || f.accessLogLines === undefined) return 'not measured';
  const diff = f.sent - f.accessLogLines;
  return `${n(f.sent)} vs ${n(f.accessLogLines)} (${diff === 0 ? 'equal' : `DIFFER by ${n(diff)}`})`;
}

function rss(f: LimitFigures): string {
  const peak = `${f.peakRssMiB} MiB${f.peakIsOwn ? '' : ' (the process\'s peak so far)'}`;
  const engine = f.engineChildPeakMiB === undefined ? '' : `; load engine process ${f.engineChildPeakMiB} MiB`;
  return `${peak} (${f.quartersRssMiB.join(', ')} MiB at each quarter)${engine}`;
}

export function renderLimitsMarkdown(r: LimitsReport): string {
  const lines = [
    `# badgateway limits (${r.at})`,
    '',
    `Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GiB, Node ${r.machine.node}, nginx image ${r.machine.images.nginx}, backend image ${r.machine.images.node}.`,
    '',
    '| case | outcome | sent | load | wall | client vs access log | access / error log | harness peak RSS |',
    '|---|---|---|---|---|---|---|---|',
    ...r.cases.map((f) => {
      const sent = f.declaredRequests === undefined ? n(f.sent) : `${n(f.sent)} of ${n(f.declaredRequests)}`;
      const load = f.loadS === undefined ? '—' : `${f.loadS} s, ${n(f.requestsPerSecond)} req/s`;
      return `| ${f.label} | ${f.outcome} | ${sent} | ${load} | ${f.wallS} s | ${counts(f)} | ${n(f.accessLogBytes)} / ${n(f.errorLogBytes)} bytes | ${rss(f)} |`;
    }),
    '',
  ];
  for (const f of r.cases) for (const p of f.problems) lines.push(`- ${f.name}: ${p}`);
  for (const f of r.cases) for (const note of f.notes) lines.push(`- ${f.name}: note: ${note}`);
  return lines.join('\n') + '\n';
}
