/**
 * How a catalog run's time is made up and how it grows (pure): each scenario's load and overhead,
 * the cumulative wall time against the number of scenarios and variants, and the overhead per
 * variant (wall time beyond the load) in each quarter of the run, which stays flat when the cost of
 * a variant does not grow with the catalog.
 */
import { median, round } from './bench-context.js';
import type { VariantTiming } from './catalog.js';

export interface CatalogShape {
  /** cpuS: the seconds the machine was busy over its variants, when every one has them */
  perScenario: { name: string; variants: number; loadS: number; overheadS: number; totalS: number; cpuS?: number }[];
  /** after the first k scenarios: how many variants, how long */
  growth: { scenarios: number; variants: number; wallS: number }[];
  medianOverheadPerVariantMs: number;
  /** the median overhead per variant in each quarter of the run, in order */
  overheadByQuarterMs: number[];
  secondsPerVariant: number;
}

export function catalogShape(variants: readonly VariantTiming[]): CatalogShape {
  const perScenario: CatalogShape['perScenario'] = [];
  for (const v of variants) {
    let row = perScenario.at(-1);
    if (row?.name !== v.scenario) {
      row = { name: v.scenario, variants: 0, loadS: 0, overheadS: 0, totalS: 0 };
      perScenario.push(row);
    }
    row.variants += 1;
    row.loadS += v.loadS;
    row.overheadS += v.wallS - v.loadS;
    row.totalS += v.wallS;
    if (v.cpuS !== undefined) row.cpuS = (row.cpuS ?? 0) + v.cpuS;
  }
  const withCpu = variants.every((v) => v.cpuS !== undefined);
  const growth: CatalogShape['growth'] = [];
  let wall = 0;
  let count = 0;
  for (const [i, row] of perScenario.entries()) {
    wall += row.totalS;
    count += row.variants;
    growth.push({ scenarios: i + 1, variants: count, wallS: round(wall) });
  }
  const overheads = variants.map((v) => (v.wallS - v.loadS) * 1000);
  const quarter = Math.max(1, Math.ceil(overheads.length / 4));
  const overheadByQuarterMs = [0, 1, 2, 3].map((q) => overheads.slice(q * quarter, (q + 1) * quarter)).filter((part) => part.length > 0).map((part) => round(median(part), 0));
  return {
    perScenario: perScenario.map(({ cpuS, ...r }) => ({
      ...r, loadS: round(r.loadS), overheadS: round(r.overheadS), totalS: round(r.totalS), ...(withCpu ? { cpuS: round(cpuS!) } : {}),
    })),
    growth,
    medianOverheadPerVariantMs: round(median(overheads), 0),
    overheadByQuarterMs,
    secondsPerVariant: round(wall / Math.max(count, 1), 2),
  };
}
