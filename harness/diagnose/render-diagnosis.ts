/** The diagnosis as text for a terminal (pure). */
import { seconds } from './temporal-pattern.js';
import { CLIENT_STATUS } from './diagnosis-tables.js';
import type { BreakdownRow, Diagnosis } from './diagnosis.js';
import { topEntries } from './bounded-tally.js';

const STATUS_COLUMNS = ['502', '503', '504', '5xx'];

export function renderDiagnosis(d: Diagnosis, options: { causes?: number } = {}): string {
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  const sources = [
    `error log ${d.inputs.errorLogs.join(', ')} (${d.errorLog.lines} lines)`,
    ...(d.accessLog ? [`access log ${d.inputs.accessLogs.join(', ')} (${d.accessLog.parsed} requests)`] : []),
    ...(d.inputs.nginxConfig ? [`config ${d.inputs.nginxConfig}`] : []),
  ];
  push(`diagnosis of ${sources.join('; ')}`);
  const r = d.reading;
  if (r.files.length > 0) {
    push(`read: ${r.lines} lines: ${r.errorLines} error, ${r.accessLines} access, ${r.comments} comments, ${r.unreadable} of neither; ${r.unknown} error lines of no known signature (${share(r.unknown + r.unreadable, r.lines - r.comments) || '0%'} unknown)`);
  }
  push(d.window.from ? `window: ${d.window.from} to ${d.window.to} (${seconds(d.window.spanS)})` : 'window: no timestamps', '');

  const mix = d.statusMix;
  const total = mix.requests ?? Object.values(mix.counts).reduce((a, b) => a + b, 0);
  const mixText = topEntries(mix.counts, 8).map(([status, n]) => `${status} ×${n} (${share(n, total)})`).join(', ');
  push(`status mix (${mix.source === 'access-log' ? `access log, ${mix.requests} requests` : 'inferred from error lines'}): ${mixText || 'nothing'}`);
  push(`pattern: ${d.pattern.summary}`, '');

  if (d.timeline.rows.length > 0) {
    push(`over time (${seconds(d.timeline.bucketS)} buckets):`);
    const rows = d.timeline.rows.map((r) => [r.at, r.requests ?? '-', ...STATUS_COLUMNS.map((c) => r.statuses[c] ?? 0), r.errorLines]);
    push(...textTable(['at', 'requests', ...STATUS_COLUMNS, 'error lines'], rows), '');
  }

  const signatures = topEntries(d.errorLog.signatures, 25);
  if (signatures.length > 0) {
    push(`error-log signatures (${d.errorLog.lines} lines):`);
    push(...textTable(['signature', 'lines', 'client'], signatures.map(([id, n]) => [id, n, clientText(id)])), '');
  }
  breakdown(lines, 'per upstream', 'attempts', d.perUpstream);
  breakdown(lines, 'per endpoint', 'requests', d.perEndpoint);

  const shown = d.causes.slice(0, options.causes ?? 3);
  if (d.undecided) {
    push(`undecided: nothing in these inputs tells ${d.undecided.between.length > 1 ? `apart ${d.undecided.between.join(', ')}` : `whether ${d.undecided.between[0]} holds`}; what would decide: ${d.undecided.decidedBy.join('; ')}`);
  }
  push(shown.length === 0 ? 'most likely causes: none (no upstream failure in the logs)' : d.undecided ? 'possible causes (not decided by these inputs):' : 'most likely causes:');
  shown.forEach((cause, i) => {
    push(`${i + 1}. ${cause.title}`);
    push(`   [${cause.id}] confidence ${cause.confidence}, score ${cause.score}`);
    push('   evidence:', ...cause.evidence.map((e) => `     - ${e}`));
    push('   fix:', ...cause.fixes.map((f) => `     - ${f}`));
  });
  if (d.causes.length > shown.length) push(`   (${d.causes.length - shown.length} less likely: ${d.causes.slice(shown.length).map((c) => c.id).join(', ')})`);
  for (const e of d.excluded) push(`   not a cause here: ${e.id}: ${e.why}`);
  push('');
  push(`settings compared: ${Object.entries(d.settings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (d.errorLog.unknown.length > 0) {
    push('unknown error-log lines (not in the signature catalog):');
    push(...d.errorLog.unknown.slice(0, 5).map((u) => `  ${u.count} × [${u.level}] ${u.message}`));
  }
  if (d.notes.length > 0) push('notes:', ...d.notes.map((n) => `  - ${n}`));
  return `${lines.join('\n')}\n`;
}

function breakdown(lines: string[], title: string, unit: string, rows: BreakdownRow[]): void {
  if (rows.length === 0) return;
  lines.push(`${title}:`);
  const table = rows.map((r) => [
    r.key,
    r.requests ?? '-',
    ...STATUS_COLUMNS.map((c) => (c === '5xx' ? Object.entries(r.statuses).filter(([s]) => s.startsWith('5') && !STATUS_COLUMNS.includes(s)).reduce((a, [, n]) => a + n, 0) : r.statuses[c] ?? 0)),
    topEntries(r.signatures, 2).map(([id, n]) => `${id} ${n}`).join(', '),
  ]);
  lines.push(...textTable([title.replace('per ', ''), unit, ...STATUS_COLUMNS, 'error lines'], table), '');
}

function clientText(id: string): string {
  const status = CLIENT_STATUS.get(id);
  return status === undefined ? '?' : status === null ? '-' : String(status);
}

export function textTable(header: string[], rows: (string | number)[][], indent = '  '): string[] {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? '')].length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || /^[\d.,%\s()-]+$/.test(String(row[i]))));
  return cells.map((row) =>
    indent + row
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i]! - [...cell].length));
        return numeric[i] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

export function share(n: number, of: number): string {
  if (of <= 0) return '';
  const p = (n / of) * 100;
  return `${p > 0 && p < 0.1 ? '<0.1' : Number(p.toFixed(p < 10 ? 1 : 0))}%`;
}
