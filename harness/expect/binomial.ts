/**
 * Shares with confidence (pure): the Wilson score interval of a share measured on n requests, the
 * number of requests that would decide a threshold, and Fisher's exact test for "is this share
 * higher than that one". A share of 0 in 300 requests is not a proof that the true share is 0: its
 * 95% interval reaches 1.26%, so a budget of 0.1% cannot be decided on it.
 */

export interface ShareInterval {
  /** percent, 0..100 */
  lowPct: number;
  highPct: number;
  /** the confidence level it was computed at, e.g. 0.95 */
  confidence: number;
}

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: ${p} is not inside (0, 1)`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Two-sided Wilson score interval of count/total at the confidence level. */
export function wilsonInterval(count: number, total: number, confidence: number): ShareInterval {
  if (total <= 0) return { lowPct: 0, highPct: 100, confidence };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = count / total;
  const z2n = (z * z) / total;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2n / (4 * total))) / (1 + z2n);
  // Exact ends where the share is exactly 0 or 1 (rounding would otherwise leave 1e-17 behind).
  const low = count === 0 ? 0 : Math.max(0, center - half);
  const high = count === total ? 1 : Math.min(1, center + half);
  return { lowPct: low * 100, highPct: high * 100, confidence };
}

export type Side = 'below' | 'above';

/**
 * Requests that would put the interval wholly on one side of thresholdPct if the share stayed as
 * measured; undefined when no number would (the share sits on the threshold) or it is over max.
 */
export function requestsToDecide(sharePct: number, thresholdPct: number, confidence: number, max = 100_000_000): number | undefined {
  if (sharePct === thresholdPct) return undefined;
  const decided = (n: number) => {
    const interval = wilsonInterval(Math.round((sharePct / 100) * n), n, confidence);
    return sharePct < thresholdPct ? interval.highPct < thresholdPct : interval.lowPct > thresholdPct;
  };
  let high = 1;
  while (!decided(high)) {
    high *= 2;
    if (high > max) return undefined;
  }
  let low = Math.floor(high / 2);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (decided(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/** ln(n!) by summing for small n and Stirling's series beyond (error < 1e-10 there). */
function logFactorial(n: number): number {
  if (n < 256) {
    let sum = 0;
    for (let i = 2; i <= n; i++) sum += Math.log(i);
    return sum;
  }
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

/**
 * One-sided Fisher exact test: the probability, if both shares were the same, of a candidate
 * count this high or higher given the margins. Small means the candidate's share is higher.
 */
export function fisherGreaterPValue(candidateCount: number, candidateTotal: number, baselineCount: number, baselineTotal: number): number {
  const total = candidateTotal + baselineTotal;
  const failures = candidateCount + baselineCount;
  const logChoose = (n: number, k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  const denominator = logChoose(total, candidateTotal);
  const most = Math.min(failures, candidateTotal);
  let p = 0;
  for (let k = candidateCount; k <= most; k++) {
    p += Math.exp(logChoose(failures, k) + logChoose(total - failures, candidateTotal - k) - denominator);
  }
  return Math.min(1, p);
}
