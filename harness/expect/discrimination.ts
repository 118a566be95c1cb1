/**
 * Do a scenario's expectations tell its variants apart? Every variant that reproduces the failure
 * must fail each fix's expectations, and each fix must fail every reproduction's. Otherwise an
 * expectation set could pass whatever nginx did. Context variants are held to neither (pure).
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
  const reproductions = variants.filter((v, i) => roleOf(v, i) === 'reproduces');
  const fixes = variants.filter((v, i) => roleOf(v, i) === 'fixes');
  const gaps: DiscriminationGap[] = [];
  const check = (expectations: Variant, observed: Variant) => {
    const observation = observations.get(observed.name);
    if (!observation) return;
    if (evaluate(expectations.expect, observation).every((v) => v.pass)) gaps.push({ expectationsOf: expectations.name, observationOf: observed.name });
  };
  for (const reproduction of reproductions) {
    for (const fix of fixes) {
      check(fix, reproduction);
      check(reproduction, fix);
    }
  }
  return gaps;
}

/** A variant's role: as declared, or the first reproduces and the others fix. */
export function roleOf(variant: Variant, index: number): 'reproduces' | 'fixes' | 'context' {
  return variant.role ?? (index === 0 ? 'reproduces' : 'fixes');
}
