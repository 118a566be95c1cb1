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
    expect(text).toContain('| wall time | 364.5 s, 365.4 s, 359.7 s | 330.2 s | 180 s | 9.4 s |');
    expect(text).toContain('| overhead per variant (wall − load), median | — | 828 ms | 800 ms | 500 ms |');
    expect(text).not.toContain('with --jobs');
  });

  it('adds the --jobs run, and says what ran again alone', () => {
    const text = renderCatalogMarkdown(figures({ jobs: 2, wallS: 7.2, ranAgain: ['a/x: failed beside others, passed alone'], changedVerdicts: [] }));
    expect(text).toContain('| wall time with --jobs 2 | — | 291.1 s | 180 s | 7.2 s |');
    expect(text).toContain('- ran again alone: a/x: failed beside others, passed alone');
  });
});
