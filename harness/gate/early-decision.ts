/**
 * When a gate mode's load may stop sending because its verdict is already certain (pure). A mode
 * sized to decide its budget on a clean run (gate-plans.ts) sends hundreds of requests; a config
 * that does not handle the mode shows it long before: every request a 502 after 2 s breaks a 1%
 * budget of 401 requests for good after 8 of them, not after 40 s of them.
 *
 * It stops only when the whole planned load would fail the budget whatever the rest brought:
 * - a count budget ("errors<=0", "502<=5"), once the count passes it (counts only grow);
 * - a share budget ("failed<=1%"), once the failures so far, over every request planned, as if
 *   all the others were answered, already fail it on the run's own interval (judge.ts).
 * No assumption about the failures is made (they often come in bursts: the first requests to a
 * bad replica, before nginx marks it down), so the verdict is the one the whole load would have
 * had; and the requests actually sent, fewer, fail it too. A budget that holds, or a share near
 * it, is always decided on every request it was sized for.
 */
import { wilsonInterval } from '../expect/binomial.js';
import { compare, parseComparator, type Comparator } from '../expect/comparator.js';
import { countStatus } from '../expect/judge.js';
import type { LoadProgress } from '../load/load-driver.js';
import type { ClientObservation } from '../observe/observation.js';
import type { VariantPlan } from '../scenario/expand.js';
import type { Expectations } from '../scenario/schema.js';

/** what the load's observation records (client.stoppedEarly) */
export type EarlyStop = NonNullable<ClientObservation['stoppedEarly']>;

interface Rule {
  name: string;
  comparator: Comparator;
  count: (progress: Pick<LoadProgress, 'statusCounts' | 'failed'>) => number;
}

export class EarlyDecision {
  private readonly rules: Rule[];

  /** `planned`: the requests the load sends at most; `confidence`: the run's (e.g. 0.95) */
  constructor(budget: Expectations, private readonly confidence: number, private readonly planned: number) {
    this.rules = rulesOf(budget);
  }

  /** The reason to stop sending now, or undefined. */
  look(progress: Pick<LoadProgress, 'responses' | 'statusCounts' | 'failed'>): EarlyStop | undefined {
    const finished = progress.responses + progress.failed;
    for (const rule of this.rules) {
      const count = rule.count(progress);
      const { op, unit, text } = rule.comparator;
      if (unit === 'count' && (op === '<=' || op === '<' || op === '==') && !compare(count, rule.comparator)) {
        return { finished, reason: `${rule.name} ${count} of ${finished}, budget ${text}` };
      }
      if (unit === 'share' && (op === '<=' || op === '<')) {
        const interval = wilsonInterval(count, this.planned, this.confidence);
        if (!compare(interval.lowPct, rule.comparator)) {
          return { finished, reason: `${rule.name} ${count} of ${finished}: over the ${this.planned} planned at least ${Number(interval.lowPct.toFixed(2))}% (${Number((this.confidence * 100).toFixed(2))}% CI), budget ${text}` };
        }
      }
    }
    return undefined;
  }
}

function rulesOf(budget: Expectations): Rule[] {
  const rules: Rule[] = [];
  const add = (name: string, input: string | number | undefined, count: Rule['count']) => {
    if (input === undefined) return;
    const parsed = parseComparator(input);
    if (parsed.ok) rules.push({ name, comparator: parsed.value, count });
  };
  add('failed', budget.failed, (p) => countStatus('5xx', p.statusCounts) + p.failed);
  add('errors', budget.transport_errors, (p) => p.failed);
  for (const [key, input] of Object.entries(budget.status ?? {})) add(key, input, (p) => countStatus(key, p.statusCounts));
  return rules;
}

/**
 * A gate mode's load (plan.earlyStop): progress goes through an EarlyDecision, which tells the
 * load to stop sending once the budget is broken. Otherwise the progress hook as given.
 */
export function earlyStopOf(plan: VariantPlan, onProgress: ((progress: LoadProgress) => void) | undefined): { onProgress?: (progress: LoadProgress) => void; stopSending?: AbortSignal; stopped: () => EarlyStop | undefined } {
  if (!plan.earlyStop || plan.load.requests === undefined) return { ...(onProgress ? { onProgress } : {}), stopped: () => undefined };
  const decision = new EarlyDecision(plan.variant.expect ?? {}, plan.earlyStop.confidence, plan.load.requests);
  const stop = new AbortController();
  let stopped: EarlyStop | undefined;
  return {
    onProgress: (progress) => {
      onProgress?.(progress);
      if (stopped) return;
      stopped = decision.look(progress);
      if (stopped) stop.abort();
    },
    stopSending: stop.signal,
    stopped: () => stopped,
  };
}
