/**
 * Do a scenario's expectations tell its variants apart? The first variant reproduces the failure,
 * every later one fixes it: the reproduction's observation must fail each fix's expectations, and
 * each fix's observation must fail the reproduction's. Otherwise an expectation set could pass
 * whatever nginx did (pure).
 */
import type { Observation } from '../observe/observation.js';
import type { Variant } from '../scenario/schema.js';
import { evaluate } from './evaluate.js';

export interface DiscriminationGap {
  /** the variant whose expectations were applied */
  expectationsOf: string;
  /** the variant whose observation they were applied to */
  observationOf: string;
}

export function discriminationGaps(variants: readonly Variant[], observations: ReadonlyMap<string, Observation>): DiscriminationGap[] {
  const [reproduction, ...fixes] = variants;
  if (!reproduction) return [];
  const gaps: DiscriminationGap[] = [];
  const check = (expectations: Variant, observed: Variant) => {
    const observation = observations.get(observed.name);
    if (!observation) return;
    if (evaluate(expectations.expect, observation).every((v) => v.pass)) gaps.push({ expectationsOf: expectations.name, observationOf: observed.name });
  };
  for (const fix of fixes) {
    check(fix, reproduction);
    check(reproduction, fix);
  }
  return gaps;
}
