import { describe, expect, it } from 'vitest';
import { integrityVerdicts, MAX_LATE_SHARE } from '../../../harness/expect/integrity.js';
import type { ScheduleObservation } from '../../../harness/observe/observation.js';
import { makeObservation, NO_SAMPLES } from '../../fixtures/observation.js';

function withSchedule(schedule: Partial<ScheduleObservation>) {
  const base = makeObservation();
  const full: ScheduleObservation = {
    process: 'constant', intended: 1000, started: 1000, late: 0, dropped: 0, lateThresholdMs: 10,
    declaredPerSecond: 100, deliveredPerSecond: 100, maxInFlight: 64, peakInFlight: 12, connectionsOpened: 12, lateness: NO_SAMPLES, ...schedule,
  };
  return { ...base, client: { ...base.client, schedule: full } };
}

const verdictOf = (o: ReturnType<typeof withSchedule>) => integrityVerdicts(o).find((v) => v.expectation === 'load.arrival_rate');

describe('integrityVerdicts: did the open model deliver its declared arrivals', () => {
  it('passes when every start went out, at most 1% of them late', () => {
    expect(verdictOf(withSchedule({ late: 1000 * MAX_LATE_SHARE }))?.result).toBe('pass');
  });

  it('fails on one dropped start, and on more than 1% late, saying what was delivered', () => {
    const dropped = verdictOf(withSchedule({ started: 999, dropped: 1, deliveredPerSecond: 99.9 }))!;
    expect(dropped.result).toBe('fail');
    expect(dropped.measured).toContain('999 of 1000 intended starts sent (99.9 of 100 req/s), 1 dropped');
    expect(verdictOf(withSchedule({ late: 11 }))?.result).toBe('fail');
  });

  it('says nothing about the schedule of a closed-model load', () => {
    expect(integrityVerdicts(makeObservation()).some((v) => v.expectation === 'load.arrival_rate')).toBe(false);
  });
});
