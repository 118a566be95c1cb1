import type { RunReport } from './report/run-report.js';

/**
 * Thrown when a run's signal aborts it, once everything the run created is removed (or not: `left`,
 * -1 each when the engine could not be asked). The variants that finished are in `report`, marked
 * interrupted, and written to `reportPaths` when the run had an output folder.
 */
export class RunInterrupted extends Error {
  constructor(readonly left: { containers: number; networks: number; volumes: number }, readonly reportPaths: string[] = [], readonly report?: RunReport) {
    super('interrupted');
    this.name = 'RunInterrupted';
  }
}
