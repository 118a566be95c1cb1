/**
 * The result of checking one expectation against one Observation. Plain data: reporters render
 * it as is, and a failed expectation is a Verdict with result "fail", never an exception.
 */
import type { ShareInterval } from './binomial.js';

/** Where the measured value came from. */
export type VerdictSource = 'client' | 'access_log' | 'error_log' | 'container';

/**
 * pass: the expectation held; fail: it did not; inconclusive: nothing was measured for it, or a
 * share's interval straddles the threshold (more requests would decide it). Only pass passes.
 */
export type VerdictResult = 'pass' | 'fail' | 'inconclusive';

export interface Verdict {
  /** section and key as written: "status.504", "error_log.upstream-timed-out-reading-header", "latency.p99" */
  expectation: string;
  /** the comparison as the scenario wrote it: ">= 99%", "0", "< 1.5s" */
  expected: string;
  /** what was measured, for people: "100% (412 of 412)", "0 lines", "1.02s", "no samples" */
  measured: string;
  /** the number that was compared (share in percent, count, or milliseconds); null when none */
  measuredValue: number | null;
  /** result === 'pass' */
  pass: boolean;
  result: VerdictResult;
  source: VerdictSource;
  /** a share's confidence interval (inequalities are decided on it, equalities on the count) */
  interval?: ShareInterval;
  /** for an inconclusive share: about how many requests would decide it if the share stayed as measured */
  requestsToDecide?: number;
}

/** Options of an evaluation. */
export interface JudgeContext {
  /** confidence level of share intervals, e.g. 0.95 */
  confidence: number;
}

export const DEFAULT_CONFIDENCE = 0.95;
export const DEFAULT_JUDGE_CONTEXT: JudgeContext = { confidence: DEFAULT_CONFIDENCE };
