/**
 * The result of checking one expectation against one Observation. Plain data: reporters render
 * it as is, and a failed expectation is a Verdict with pass false, never an exception.
 */

/** Where the measured value came from. */
export type VerdictSource = 'client' | 'access_log' | 'error_log' | 'container';

export interface Verdict {
  /** section and key as written: "status.504", "error_log.upstream-timed-out-reading-header", "latency.p99" */
  expectation: string;
  /** the comparison as the scenario wrote it: ">= 99%", "0", "< 1.5s" */
  expected: string;
  /** what was measured, for people: "100% (412 of 412)", "0 lines", "1.02s", "no samples" */
  measured: string;
  /** the number that was compared (share in percent, count, or milliseconds); null when none */
  measuredValue: number | null;
  pass: boolean;
  source: VerdictSource;
}
