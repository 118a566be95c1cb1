/**
 * One point of a sweep as measured (pure): its requests, the failed ones (5xx responses plus
 * requests lost, cut or unanswered: fail closed), the failed share with its interval, and its
 * result under the budget, as the gate judges a mode: pass only when every budget verdict and
 * every check of the run passes; inconclusive when nothing was measured or the interval straddles
 * the budget (too few requests). An inconclusive or failed point is never recommended.
 */
import { failedCount } from '../observe/client-totals.js';
import { wilsonInterval, type ShareInterval } from '../expect/binomial.js';
import { countStatus } from '../expect/judge.js';
import type { VerdictResult } from '../expect/verdict.js';
import type { VariantResult } from '../report/run-report.js';

export interface SweepPoint {
  /** the swept values of this point, e.g. { proxy_read_timeout: "1s" } */
  values: Record<string, string>;
  /** every request sent */
  requests: number;
  /** 5xx responses plus requests without a complete, valid response */
  failed: number;
  status502: number;
  status504: number;
  /** requests without a complete, valid response (lost, cut, unanswered) */
  unanswered: number;
  /** failed / requests, percent (0 when nothing was sent: see result) */
  failedShare: number;
  /** the failed share's interval at the run's confidence (0–100% when nothing was sent) */
  failedInterval: ShareInterval;
  result: VerdictResult;
  /** what decided a result other than pass: the verdicts that did not pass, or the run's error */
  reasons: string[];
  latencyP50Ms: number;
  latencyP99Ms: number;
  upstreamHeaderP50Ms: number;
  upstreamHeaderP99Ms: number;
  upstreamHeaderSamples: number;
}

export function pointOf(values: Record<string, string>, run: VariantResult, confidence: number): SweepPoint {
  const observation = run.observation;
  if (!observation) {
    return {
      values, requests: 0, failed: 0, status502: 0, status504: 0, unanswered: 0, failedShare: 0,
      failedInterval: wilsonInterval(0, 0, confidence), result: 'inconclusive',
      reasons: [`the point did not run: ${run.error?.message ?? 'no observation'}`],
      latencyP50Ms: 0, latencyP99Ms: 0, upstreamHeaderP50Ms: 0, upstreamHeaderP99Ms: 0, upstreamHeaderSamples: 0,
    };
  }
  const client = observation.client;
  const unanswered = failedCount(client);
  const failed = countStatus('5xx', client.statusCounts) + unanswered;
  const requests = client.sent;
  const notPassed = run.verdicts.filter((v) => v.result !== 'pass');
  const result: VerdictResult = requests === 0 ? 'inconclusive' : notPassed.some((v) => v.result === 'fail') ? 'fail' : notPassed.length > 0 ? 'inconclusive' : 'pass';
  const header = observation.accessLog.upstreamHeaderTime;
  return {
    values,
    requests,
    failed,
    status502: client.statusCounts['502'] ?? 0,
    status504: client.statusCounts['504'] ?? 0,
    unanswered,
    failedShare: requests === 0 ? 0 : (failed / requests) * 100,
    failedInterval: wilsonInterval(failed, requests, confidence),
    result,
    reasons: requests === 0 ? ['no request was sent: nothing was measured'] : notPassed.map((v) => `${v.expectation} ${v.expected}: ${v.result}, measured ${v.measured}${v.requestsToDecide ? ` (about ${v.requestsToDecide} requests would decide it)` : ''}`),
    latencyP50Ms: client.latency.p50Ms,
    latencyP99Ms: client.latency.p99Ms,
    upstreamHeaderP50Ms: header.p50Ms,
    upstreamHeaderP99Ms: header.p99Ms,
    upstreamHeaderSamples: header.count,
  };
}
