/**
 * Is the candidate config worse than the baseline in one failure mode? (pure) A one-sided Fisher
 * exact test on the failed shares, each mode tested at (1 - confidence) / modes so that, over the
 * whole gate, identical configs are flagged in at most 1 - confidence of runs when the failures
 * are independent (Bonferroni). Fisher's test is exact for any count, 0 of 400 included.
 */
import { fisherGreaterPValue } from '../expect/binomial.js';
import type { BaselineComparison, ShareOfRun } from './gate-report.js';

/** The level each of `modes` comparisons is tested at (Bonferroni). */
export function modeAlpha(confidence: number, modes: number): number {
  return (1 - confidence) / Math.max(modes, 1);
}

export function compareWithBaseline(candidate: ShareOfRun, baseline: ShareOfRun, confidence: number, modes: number): BaselineComparison {
  const alpha = modeAlpha(confidence, modes);
  const pValue = fisherGreaterPValue(candidate.failed, candidate.sent, baseline.failed, baseline.sent);
  return { candidate, baseline, pValue, alpha, worse: pValue < alpha };
}
