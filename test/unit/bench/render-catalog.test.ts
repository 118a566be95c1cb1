import { describe, expect, it } from 'vitest';
import type { CatalogFigures } from '../../../bench/catalog.js';
import { catalogShape } from '../../../bench/catalog-shape.js';
import { renderCatalogMarkdown } from '../../../bench/render-markdown.js';

const spread = { count: 0, min: 0, median: 0, max: 0 };
const figures = (parallel?: CatalogFigures['parallel']): CatalogFigures => ({
  runs: 1, scenarios: 2, variants: 3, wallS: [9.4], meanSecondsPerScenario: 4.7, slowestScenarios: [{ name: 'a', seconds: 6.1 }],
  shape: catalogShape([{ scenario: 'a', wallS: 3.5, loadS: 3 }, { scenario: 'a', wallS: 2.6, loadS: 2 }, { scenario: 'b', wallS: 3.3, loadS: 3 }]),
  changedVerdicts: [], failedVerdicts: 0, chaosRequestedMinusPlannedMs: spread, chaosTookEffectMinusPlannedMs: spread,
  ...(parallel ? { parallel } : {}),
});

describe('renderCatalogMarkdown (bench --only=catalog)', () => {
  it('prints the wall time and the median overhead beside the previous figures and the targets', () => {
    const text = renderCatalogMarkdown(figures());
    expect(text).toContain('| catalog (2 scenarios, 3 variants) | before reuse | previous | target | now |');
    expect(text).toContain('| wall time | 364.5 s, 365.4 s, 359.7 s | 325.3 s | 180 s | 9.4 s |');
    expect(text).toContain('| overhead per variant (wall − load), median | — | 642 ms | 800 ms | 500 ms |');
    expect(text).not.toContain('with --jobs');
    expect(text).not.toContain('CPU');
  });

  it('adds the --jobs run, and says what ran again alone', () => {
    const text = renderCatalogMarkdown(figures({ jobs: 2, wallS: 7.2, ranAgain: ['a/x: failed beside others, passed alone'], changedVerdicts: [] }));
    expect(text).toContain('| wall time with --jobs 2 | — | 294.1 s | 180 s | 7.2 s |');
    expect(text).toContain('- ran again alone: a/x: failed beside others, passed alone');
  });

  it('with the CPU the machine was busy: the least wall time it allows beside the target, the --jobs run\'s busy share, and each scenario\'s CPU', () => {
    const shape = catalogShape([{ scenario: 'a', wallS: 3.5, loadS: 3, cpuS: 5 }, { scenario: 'a', wallS: 2.6, loadS: 2, cpuS: 2 }, { scenario: 'b', wallS: 3.3, loadS: 3, cpuS: 4.1 }]);
    const text = renderCatalogMarkdown({
      ...figures({ jobs: 2, wallS: 7.2, ranAgain: [], changedVerdicts: [], cpu: { busyS: 10.8, cores: 2, leastWallS: 5.4 } }),
      shape, cpu: { busyS: 11.1, cores: 2, leastWallS: 5.6 },
    });
    expect(text).toContain('| CPU the machine was busy (every process: the engine, containers, badgateway) | — | — | — | 11.1 s |');
    expect(text).toContain('| … the least wall time that allows on 2 cores (CPU ÷ cores) | — | — | 180 s | 5.6 s |');
    expect(text).toContain('| … with --jobs 2: CPU, and the cores\' busy share of its wall time | — | — | — | 10.8 s, 75% |');
    expect(text).toContain('| scenario | variants | load | overhead | total | CPU |');
    expect(text).toContain('| a | 2 | 5 s | 1.1 s | 6.1 s | 7 s |');
    expect(text).toContain('| b | 1 | 3 s | 0.3 s | 3.3 s | 4.1 s |');
  });
});
