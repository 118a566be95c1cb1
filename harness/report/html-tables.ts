/**
 * The tabular parts of the HTML report: the verdict table (failing rows marked and first to the
 * eye), upstream status sequences, containers, unknown error-log lines, the reconciliation of
 * client and access log, and a variant's error. Every text goes through escapeHtml.
 */
import type { Verdict } from '../expect/verdict.js';
import type { ContainerFacts, Observation } from '../observe/observation.js';
import { positiveEntries } from './report-facts.js';
import type { VariantError } from './run-report.js';
import { escapeHtml as esc } from './text-escape.js';

const MAX_LINES = 20;

export function verdictTable(verdicts: Verdict[]): string {
  if (verdicts.length === 0) return '<p class="empty">This variant states no expectations.</p>';
  const rows = verdicts.map((v) => {
    const result = v.result === 'pass' ? '<span class="mark ok">✔ pass</span>' : v.result === 'fail' ? '<span class="mark bad">✘ FAIL</span>' : '<span class="mark warn">? inconclusive</span>';
    const decide = v.requestsToDecide !== undefined ? `<br><span class="muted">about ${v.requestsToDecide} requests would decide it</span>` : '';
    return `<tr class="verdict ${v.result === 'pass' ? 'pass' : v.result === 'fail' ? 'fail' : 'inconclusive'}"><td>${result}</td><td class="mono">${esc(v.expectation)}</td>`
      + `<td class="mono">${esc(v.expected)}</td><td class="measured">${esc(v.measured)}${decide}</td><td class="muted">${esc(v.source.replace('_', ' '))}</td></tr>`;
  });
  return '<table class="verdicts"><thead><tr><th>result</th><th>expectation</th><th>expected</th><th>measured</th><th>source</th></tr></thead>'
    + `<tbody>${rows.join('')}</tbody></table>`;
}

export function errorBox(error: VariantError | undefined): string {
  if (error === undefined) return '<div class="error-box"><strong>error</strong>: not recorded</div>';
  const hint = error.hint !== undefined ? `<p class="hint"><strong>hint:</strong> ${esc(error.hint)}</p>` : '';
  return `<div class="error-box"><p><strong>${esc(error.kind)} error</strong></p><pre>${esc(error.message)}</pre>${hint}</div>`;
}

/** "$upstream_status" sequences: retries show as "502, 200". */
export function sequenceTable(observation: Observation): string {
  const rows = positiveEntries(observation.accessLog.upstreamStatusSequences).sort(([, a], [, b]) => b - a);
  if (rows.length === 0) return '<p class="empty">No upstream status in the access log.</p>';
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  const body = rows.map(([sequence, n]) => {
    const share = total > 0 ? `${((n / total) * 100).toFixed(1)}%` : '';
    const retried = sequence.includes(',') ? ' <span class="pill warn">retried</span>' : '';
    return `<tr><td class="mono">${esc(sequence)}${retried}</td><td>${n}</td><td class="muted">${share}</td></tr>`;
  });
  const attempts = `<p class="muted small">${observation.accessLog.lines} access-log lines, ${observation.accessLog.upstreamAttempts} upstream attempts</p>`;
  return `<table class="numbers left"><thead><tr><th>upstream status</th><th>requests</th><th>share</th></tr></thead><tbody>${body.join('')}</tbody></table>${attempts}`;
}

export function reconciliationNote(observation: Observation): string {
  const rec = observation.reconciliation;
  if (rec.differences.length === 0 && rec.notes.length === 0) return '';
  const items = [
    ...rec.differences.map((d) => `<li>${esc(d.status)}: client ${d.client}, access log ${d.accessLog}</li>`),
    ...rec.notes.map((note) => `<li>${esc(note)}</li>`),
  ];
  return `<div class="${rec.agrees ? 'note' : 'note warn'}"><strong>Client vs access log ${rec.agrees ? 'agree' : 'disagree'}</strong><ul>${items.join('')}</ul></div>`;
}

export function unknownLines(observation: Observation): string {
  const unknown = observation.errorLog.lines.filter((line) => line.signature === 'unknown');
  if (unknown.length === 0) return '';
  const shown = unknown.slice(0, MAX_LINES).map((line) => esc(line.raw)).join('\n');
  const more = unknown.length > MAX_LINES ? `<p class="muted small">… and ${unknown.length - MAX_LINES} more</p>` : '';
  return `<details open><summary>Error-log lines with no known signature (${unknown.length})</summary><pre class="log">${shown}</pre>${more}</details>`;
}

export function containerTable(containers: ContainerFacts[]): string {
  if (containers.length === 0) return '';
  const troubled = containers.some(isTroubled);
  const rows = containers.map((c) => {
    const role = c.role === 'backend' ? `backend ${c.backend ?? ''}${c.replica !== undefined ? ` #${c.replica}` : ''}` : c.role;
    const facts = [c.running ? 'running' : 'not running'];
    if (c.exitCode !== null) facts.push(`exit code ${c.exitCode}`);
    if (c.oomKilled) facts.push('OOMKilled');
    if (c.restartCount > 0) facts.push(`restarted ${c.restartCount}×`);
    const served = c.served !== null ? `${c.served.requests} requests, ${c.served.connections} connections` : '–';
    return `<tr${isTroubled(c) ? ' class="fail"' : ''}><td class="mono">${esc(c.name)}</td><td>${esc(role)}</td><td class="mono">${esc(c.image)}</td>`
      + `<td>${esc(facts.join(', '))}</td><td>${esc(served)}</td></tr>`;
  });
  return `<details${troubled ? ' open' : ''}><summary>Containers (${containers.length})${troubled ? ' <span class="pill bad">trouble</span>' : ''}</summary>`
    + '<table class="numbers left"><thead><tr><th>name</th><th>role</th><th>image</th><th>state</th><th>served during load</th></tr></thead>'
    + `<tbody>${rows.join('')}</tbody></table></details>`;
}

export function configBlock(observation: Observation): string {
  return `<details><summary>Rendered nginx.conf</summary><pre class="log">${esc(observation.nginxConfig)}</pre></details>`;
}

function isTroubled(c: ContainerFacts): boolean {
  return c.exitCode !== null || c.oomKilled || c.restartCount > 0;
}
