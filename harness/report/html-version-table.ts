/**
 * The HTML report's table of results per nginx version (pure): one row per scenario variant, one
 * column per version line the run covered, each cell the outcome, the status mix and the nginx
 * that ran, linked to the variant's section. Empty for a run on one version.
 */
import { variantAnchor } from './html-variant.js';
import type { VariantOutcome, VariantResult } from './run-report.js';
import { escapeHtml as esc } from './text-escape.js';
import { versionTable, type VersionCell } from './version-table.js';

const OUTCOME_MARK: Record<VariantOutcome, string> = { passed: '✔ passed', failed: '✘ failed', inconclusive: '? inconclusive', error: '! error' };

export function versionTableHtml(results: readonly VariantResult[]): string {
  const table = versionTable(results);
  if (!table) return '';
  const ran = (line: string) => [...new Set(table.rows.flatMap((r) => (r.cells[line]?.nginx !== undefined ? [r.cells[line].nginx] : [])))];
  const head = table.versions.map((line) => {
    const versions = ran(line);
    return `<th>nginx ${esc(line)}${versions.length > 0 ? ` <span class="muted">(${esc(versions.join(', '))})</span>` : ''}</th>`;
  });
  const rows = table.rows.map((row) => `<tr><td>${esc(row.scenario)}</td><td>${esc(row.variant)}</td>`
    + table.versions.map((line) => versionCell(row.cells[line])).join('')
    + '</tr>');
  return '<div class="card"><h3>Per nginx version</h3><table class="summary versions">'
    + `<thead><tr><th>scenario</th><th>variant</th>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function versionCell(cell: VersionCell | undefined): string {
  if (cell === undefined) return '<td class="muted">–</td>';
  const tone = cell.outcome === 'failed' ? ' class="fail"' : cell.outcome === 'passed' ? '' : ' class="errored"';
  const statuses = cell.statuses !== '' ? ` <span class="mono">${esc(cell.statuses)}</span>` : '';
  return `<td${tone}><a href="#${variantAnchor(cell.index)}"><span class="badge ${cell.outcome}">${OUTCOME_MARK[cell.outcome]}</span></a>${statuses}</td>`;
}
