/**
 * Flakes across repeated runs: a verdict (scenario / variant / expectation) whose pass or fail
 * changed between repeats, or a variant that errored in some repeats only (pure).
 */
import type { VariantResult } from '../report/run-report.js';

export interface Flake {
  scenario: string;
  variant: string;
  /** the expectation, or "(run)" when the variant itself errored in some repeats */
  expectation: string;
  /** per repeat, in order: "pass", "fail: <measured>", or "error: <message>" */
  outcomes: string[];
}

export function findFlakes(repeats: readonly (readonly VariantResult[])[]): Flake[] {
  const seen = new Map<string, Flake>();
  const record = (scenario: string, variant: string, expectation: string, repeat: number, outcome: string) => {
    const key = `${scenario}\u0000${variant}\u0000${expectation}`;
    const flake = seen.get(key) ?? { scenario, variant, expectation, outcomes: Array<string>(repeats.length).fill('not run') };
    flake.outcomes[repeat] = outcome;
    seen.set(key, flake);
  };
  repeats.forEach((results, repeat) => {
    for (const r of results) {
      record(r.scenario, r.variant, '(run)', repeat, r.outcome === 'error' ? `error: ${r.error?.message ?? 'unknown'}` : 'ran');
      for (const v of r.verdicts) record(r.scenario, r.variant, v.expectation, repeat, v.pass ? 'pass' : `fail: ${v.measured}`);
    }
  });
  // An expectation not evaluated in a repeat (the variant errored) is that repeat's "(run)" flake, not its own.
  const kind = (outcome: string) => outcome.replace(/:.*$/, '');
  return [...seen.values()].filter((f) => new Set(f.outcomes.filter((o) => o !== 'not run').map(kind)).size > 1);
}
