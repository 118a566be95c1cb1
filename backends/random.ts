/** Seeded draws for the fake backends, so a delay distribution draws the same values on every run. */
export { seededRandom } from '../harness/seeded-random.js';

/** A seed from a name, so each replica has its own stable sequence. */
export function seedFromName(name: string): number {
  let hash = 2166136261;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

const Z_99 = 2.3263478740408408; // standard normal quantile at 0.99

/** Draws from the log-normal distribution with the given median and 99th percentile. */
export function logNormalSampler(medianMs: number, p99Ms: number, random: () => number): () => number {
  const mu = Math.log(medianMs);
  const sigma = Math.log(p99Ms / medianMs) / Z_99;
  return () => {
    const u1 = Math.max(random(), Number.EPSILON);
    const u2 = random();
    const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.exp(mu + sigma * normal);
  };
}
