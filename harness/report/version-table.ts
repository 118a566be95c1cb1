/**
 * Results side by side per nginx version (pure): one row per scenario variant, one column per
 * version line the run covered, each cell the outcome and the status mix. Only for runs that
 * covered more than one version; the console, Markdown and HTML reports render it.
 */
import { BASELINE_SUFFIX } from '../gate/judge-modes.js';
import { baseVariantName } from '../scenario/on-versions.js';
import { statusMixText } from './report-facts.js';
import type { VariantOutcome, VariantResult } from './run-report.js';

const BASELINE_TAIL = new RegExp(`${BASELINE_SUFFIX}$`);

export interface VersionCell {
  outcome: VariantOutcome;
  /** "200×150 502×10", or "" */
  statuses: string;
  /** the nginx that ran, as nginx -v said ("1.30.6"), when it ran */
  nginx?: string;
  /** the result's index in the run's results (the HTML report links its section) */
  index: number;
}

export interface VersionRow {
  scenario: string;
  variant: string;
  /** by version line; absent where the variant did not run on it */
  cells: Record<string, VersionCell>;
}

export interface VersionTable {
  versions: string[];
  rows: VersionRow[];
}

export function versionTable(results: readonly VariantResult[]): VersionTable | undefined {
  const rows: VersionRow[] = [];
  const add = (r: VariantResult, index: number, line: string, createRow: boolean) => {
    // The gate's baseline on another version is the same mode: its row, another column.
    const variant = baseVariantName(r.variant, r.nginxVersion).replace(BASELINE_TAIL, '');
    let row = rows.find((x) => x.scenario === r.scenario && x.variant === variant);
    if (!row && !createRow) return;
    if (!row) rows.push((row = { scenario: r.scenario, variant, cells: {} }));
    if (row.cells[line] !== undefined) return; // a repeat: the first one stands for it
    row.cells[line] = {
      outcome: r.outcome,
      statuses: r.observation ? statusMixText(r.observation) : '',
      ...(r.observation ? { nginx: r.observation.nginxVersion } : {}),
      index,
    };
  };
  for (const [index, r] of results.entries()) if (r.nginxVersion !== undefined) add(r, index, r.nginxVersion, true);
  // A result on the default image beside the same variant on a named line (the gate's
  // --baseline-version without --nginx-version): in that row, under the line its nginx reported.
  for (const [index, r] of results.entries()) {
    const line = r.nginxVersion === undefined ? lineOf(r.observation?.nginxVersion) : undefined;
    if (line !== undefined) add(r, index, line, false);
  }
  const versions = [...new Set(rows.flatMap((row) => Object.keys(row.cells)))].sort(compareLines);
  return versions.length < 2 ? undefined : { versions, rows };
}

/** "1.22" of "1.22.1"; undefined when nginx -v said no version. */
function lineOf(version: string | undefined): string | undefined {
  return /^(\d+\.\d+)\./.exec(version ?? '')?.[1];
}

/** 1.9 before 1.22 before 1.30. */
export function compareLines(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  return (x[0]! - y[0]!) || (x[1]! - y[1]!);
}
