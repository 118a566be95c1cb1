/** Thrown when a run's signal aborts it, once everything the run created is removed (or not: `left`). */
export class RunInterrupted extends Error {
  constructor(readonly left: { containers: number; networks: number; volumes: number }) {
    super('interrupted');
    this.name = 'RunInterrupted';
  }
}
