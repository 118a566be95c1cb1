/**
 * The order a run takes its variants in with --jobs n (pure). A scenario's variants stay together,
 * in order, on one runtime (so containers are kept from one to the next as in a serial run); up to
 * n scenarios run at once, each on its own network, nginx and backends. A scenario whose verdicts
 * depend on timing that two runs at once would disturb runs alone:
 * - an open-model load (its requests must start on time: a late start fails the run);
 * - chaos carried out through the Docker Engine (kill, restart, pause, reload, ...), whose moments
 *   slip when the engine is busy starting another scenario's containers.
 * Those run first, one at a time, then the others n at a time, the longest first (so that the last
 * one to end does not start late). A scenario of the shared phase that
 * did not pass runs again alone, and that run decides: sharing the machine may make a run slower,
 * never change a verdict; except when what it got was an error its input decides, which alone
 * gives the same (runsAgainAlone). Results keep the plans' order.
 */
import { NGINX_CONFIG_REJECTED } from '../errors.js';
import type { VariantError, VariantResult } from '../report/run-report.js';
import type { VariantPlan } from '../scenario/expand.js';

export interface RunUnit {
  /** indexes into the run's list of (plan, repeat) in order */
  items: number[];
  alone: boolean;
  /** a rough estimate of its time (estimatedSeconds), to start the longest first */
  seconds: number;
}

/** what a variant costs beyond its load, about: containers started, logs collected */
const OVERHEAD_SECONDS = 2.5;

/** A variant's time, about: its planned sending time (a load bounded by requests, at most 2 s) and the overhead. */
export function estimatedSeconds(plan: Pick<VariantPlan, 'load'>): number {
  const load = plan.load;
  const sendMs = load.arrival ? load.arrival.segments.reduce((sum, s) => sum + s.durationMs, 0)
    : load.stages ? load.stages.reduce((sum, s) => sum + s.durationMs, 0)
    : load.requests !== undefined ? Math.min(load.durationMs ?? 2_000, 2_000)
    : load.durationMs ?? 2_000;
  return sendMs / 1000 + OVERHEAD_SECONDS;
}

export interface Phase {
  /** how many units run at once in this phase */
  jobs: number;
  units: RunUnit[];
}

/** the most scenarios at once --jobs takes */
export const MAX_JOBS = 8;

/** chaos actions that do not go through the Docker Engine (a backend's control endpoint) */
const ENGINE_FREE_ACTIONS = new Set(['set-behavior']);

/** Why a plan runs alone under --jobs, or undefined when it can share the machine. */
export function runsAloneBecause(plan: Pick<VariantPlan, 'load' | 'chaos'>): string | undefined {
  if (plan.load.arrival !== undefined) return 'open-model load';
  const engine = plan.chaos.find((a) => !ENGINE_FREE_ACTIONS.has(a.action));
  return engine ? `chaos ${engine.action} through the Docker Engine` : undefined;
}

/**
 * Units of a run: consecutive items of the same scenario and repeat. `scenarioOf(i)` names item i's
 * scenario (with its repeat, when there are several).
 */
export function runUnits(items: Pick<VariantPlan, 'load' | 'chaos'>[], scenarioOf: (index: number) => string): RunUnit[] {
  const units: RunUnit[] = [];
  items.forEach((plan, index) => {
    const last = units.at(-1);
    const alone = runsAloneBecause(plan) !== undefined;
    const seconds = estimatedSeconds(plan);
    if (last && scenarioOf(last.items[0]!) === scenarioOf(index)) {
      last.items.push(index);
      last.alone ||= alone;
      last.seconds += seconds;
    } else {
      units.push({ items: [index], alone, seconds });
    }
  });
  return units;
}

/** The phases of a run with `jobs` at once: everything in order in one phase for 1; else the units that run alone first, then the rest, longest first. */
export function runPhases(units: RunUnit[], jobs: number): Phase[] {
  if (jobs <= 1) return [{ jobs: 1, units }];
  const alone = units.filter((u) => u.alone);
  const shared = units.filter((u) => !u.alone).sort((a, b) => b.seconds - a.seconds);
  return [...(alone.length > 0 ? [{ jobs: 1, units: alone }] : []), ...(shared.length > 0 ? [{ jobs, units: shared }] : [])];
}

/**
 * Whether a unit that ran beside other scenarios runs again alone: when one of its results may come
 * out otherwise alone (undefined: not run). A pass stands. A failed or inconclusive verdict may come
 * from the shared machine's timing, and so may a fault of the infrastructure (a container slow to
 * start, memory or disk short) or of badgateway itself. An error its input decides stands.
 */
export function runsAgainAlone(results: readonly (Pick<VariantResult, 'outcome' | 'error'> | undefined)[]): boolean {
  return results.some((r) => r === undefined || (r.outcome !== 'passed' && !decidedByInput(r.error)));
}

/** The result of a run alone after one beside other scenarios: the alone run's, saying how it went beside them and which verdicts did not pass there. */
export function aloneAfterBeside(alone: VariantResult, beside: VariantResult): VariantResult {
  const notPassed = beside.verdicts.filter((v) => !v.pass);
  return { ...alone, besideOthers: beside.outcome, ...(notPassed.length > 0 ? { besideOthersNotPassed: notPassed } : {}) };
}

/** what in nginx -t's output the machine's state decides: a failed system call (its errno), a name not resolved */
const MACHINE_STATE = /failed \(\d+: |host not found|could not be resolved/;

/**
 * An error the same input gives again on any machine at any load: the scenario or an option
 * refused (kind input), or a config nginx -t rejects for what it says, not for a system call
 * that failed or a name it could not resolve then.
 */
export function decidedByInput(error: VariantError | undefined): boolean {
  if (error === undefined) return false;
  if (error.kind === 'input') return true;
  return error.kind === 'infrastructure' && error.message.startsWith(NGINX_CONFIG_REJECTED) && !MACHINE_STATE.test(error.message);
}
