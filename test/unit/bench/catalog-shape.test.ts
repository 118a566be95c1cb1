import { describe, expect, it } from 'vitest';
import { catalogShape } from '../../../bench/catalog-shape.js';

describe('catalogShape', () => {
  const run = [
    { scenario: 'a', wallS: 3.5, loadS: 3 },
    { scenario: 'a', wallS: 2.6, loadS: 2 },
    { scenario: 'b', wallS: 1.7, loadS: 1 },
    { scenario: 'c', wallS: 2.5, loadS: 2 },
  ];

  it('splits each scenario into load and overhead, in run order', () => {
    expect(catalogShape(run).perScenario).toEqual([
      { name: 'a', variants: 2, loadS: 5, overheadS: 1.1, totalS: 6.1 },
      { name: 'b', variants: 1, loadS: 1, overheadS: 0.7, totalS: 1.7 },
      { name: 'c', variants: 1, loadS: 2, overheadS: 0.5, totalS: 2.5 },
    ]);
  });

  it('grows the wall time scenario by scenario, with the variants so far', () => {
    expect(catalogShape(run).growth).toEqual([
      { scenarios: 1, variants: 2, wallS: 6.1 },
      { scenarios: 2, variants: 3, wallS: 7.8 },
      { scenarios: 3, variants: 4, wallS: 10.3 },
    ]);
  });

  it('adds up the CPU of each scenario when every variant has it, and leaves it out otherwise', () => {
    const withCpu = run.map((v, i) => ({ ...v, cpuS: [4, 3.5, 1, 2.2][i]! }));
    expect(catalogShape(withCpu).perScenario.map((r) => r.cpuS)).toEqual([7.5, 1, 2.2]);
    expect(catalogShape([...withCpu.slice(0, 3), run[3]!]).perScenario.some((r) => 'cpuS' in r)).toBe(false);
  });

  it('gives the overhead per variant overall and by quarter of the run', () => {
    const shape = catalogShape(run);
    expect(shape.overheadByQuarterMs).toEqual([500, 600, 700, 500]);
    expect(shape.medianOverheadPerVariantMs).toBe(550);
    expect(shape.secondsPerVariant).toBe(2.58);
  });
});
