/**
 * The harness's load driver: the open model (an arrival rate) on the raw-socket engine in a child
 * process; the closed model (fixed connections, autocannon's `rate`, closed stages) on autocannon.
 */
import type { ClientObservation } from '../observe/observation.js';
import { AutocannonDriver } from './autocannon-driver.js';
import { EngineDriver } from './engine-driver.js';
import type { LoadDriver, LoadHooks, LoadPlan } from './load-driver.js';

export class DefaultDriver implements LoadDriver {
  run(plan: LoadPlan, signal: AbortSignal, hooks?: LoadHooks): Promise<ClientObservation> {
    return plan.arrival ? new EngineDriver().run(plan, signal, hooks) : new AutocannonDriver().run(plan, signal, hooks);
  }
}
