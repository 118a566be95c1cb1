import { describe, expect, it } from 'vitest';
import { withEngineEffectTimes } from '../../../harness/observe/effect-times.js';
import type { ContainerEvent, ContainerFacts, TimelineEntry } from '../../../harness/observe/observation.js';

const PREFIX = 'bg-20261121-100000-e3da-1';

function entry(action: string, target: string, requestedAtMs: number | null, tookEffectAtMs: number | null, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  return { name: action, action, target, plannedAtMs: requestedAtMs, requestedAtMs, tookEffectAtMs, ...extra };
}

function replica(backend: string, n: number): ContainerFacts {
  return { name: `${PREFIX}-${backend}-${n}`, role: 'backend', backend, replica: n, image: 'node:20-slim', running: true, exitCode: null, oomKilled: false, restartCount: 0, exitCodes: [], appLogLines: 0, logTail: [], served: null };
}

const CONTAINERS = [replica('app', 1), replica('app', 2), replica('my-app', 1)];

function event(atMs: number, alias: string, name: string, exitCode?: number): ContainerEvent {
  return { atMs, container: `${PREFIX}-${alias}`, event: name, ...(exitCode !== undefined ? { exitCode } : {}) };
}

describe('withEngineEffectTimes', () => {
  it('takes the time of the "die" event of the killed replica for kill and stop', () => {
    const events = [event(1990, 'app-1', 'kill'), event(2012.5, 'app-1', 'die', 137), event(5100, 'app-2', 'kill'), event(5340, 'app-2', 'die', 143)];
    expect(withEngineEffectTimes([entry('kill', 'app-1', 2000, 2030), entry('stop', 'app-2', 5000, 5400)], events, CONTAINERS)).toEqual([
      entry('kill', 'app-1', 2000, 2012.5),
      entry('stop', 'app-2', 5000, 5340),
    ]);
  });

  it('takes the "start" event for restart and start, "pause" and "unpause" for those', () => {
    const events = [event(3050, 'app-1', 'die', 143), event(3400, 'app-1', 'start'), event(6010, 'app-1', 'pause'), event(7020, 'app-1', 'unpause'), event(8800, 'app-1', 'start')];
    expect(withEngineEffectTimes([
      entry('restart', 'app-1', 3000, 3500),
      entry('pause', 'app-1', 6000, 6100),
      entry('unpause', 'app-1', 7000, 7100),
      entry('start', 'app-1', 8700, 9000),
    ], events, CONTAINERS).map((e) => [e.action, e.tookEffectAtMs])).toEqual([['restart', 3400], ['pause', 6010], ['unpause', 7020], ['start', 8800]]);
  });

  it('matches a backend target to the first event of any of its replicas, not of another backend', () => {
    const events = [event(2005, 'cache-1', 'die', 137), event(2020, 'app-2', 'die', 137), event(2025, 'app-1', 'die', 137)];
    expect(withEngineEffectTimes([entry('kill', 'app', 2000, 2100)], events, CONTAINERS)[0]!.tookEffectAtMs).toBe(2020);
  });

  it('keeps the call\'s time for actions without an engine event (disconnect, set-behavior, reload)', () => {
    const events = [event(1010, 'app-1', 'die'), event(1010, 'app-1', 'start'), event(1010, 'nginx', 'start')];
    const timeline = [entry('disconnect', 'app-1', 1000, 1004), entry('set-behavior', 'app', 1000, 1003), entry('reload', 'nginx', 1000, 1090)];
    expect(withEngineEffectTimes(timeline, events, CONTAINERS)).toEqual(timeline);
  });

  it('ignores an event from before the request (an earlier crash), beyond 50 ms of clock skew', () => {
    const events = [event(400, 'app-1', 'die', 137), event(2600, 'app-1', 'die', 137)];
    expect(withEngineEffectTimes([entry('kill', 'app-1', 2000, 2010)], events, CONTAINERS)[0]!.tookEffectAtMs).toBe(2600);
    expect(withEngineEffectTimes([entry('kill', 'app-1', 2000, 2010)], [event(1949, 'app-1', 'die')], CONTAINERS)[0]!.tookEffectAtMs).toBe(2010);
    expect(withEngineEffectTimes([entry('kill', 'app-1', 2000, 2010)], [event(1950, 'app-1', 'die')], CONTAINERS)[0]!.tookEffectAtMs).toBe(1950);
  });

  it('keeps the call\'s time when no matching event came', () => {
    expect(withEngineEffectTimes([entry('kill', 'app-1', 2000, 2010)], [event(2100, 'app-1', 'start')], CONTAINERS)).toEqual([entry('kill', 'app-1', 2000, 2010)]);
    expect(withEngineEffectTimes([entry('kill', 'app-1', 2000, 2010)], [], CONTAINERS)).toEqual([entry('kill', 'app-1', 2000, 2010)]);
  });

  it('leaves an action that was never requested or failed as it is', () => {
    const events = [event(2100, 'app-1', 'die')];
    const notReached = entry('kill', 'app-1', null, null, { plannedAtMs: 9000, error: 'not reached: the load ended first' });
    const failed = entry('kill', 'app-1', 2000, null, { error: 'no such container' });
    expect(withEngineEffectTimes([notReached, failed], events, CONTAINERS)).toEqual([notReached, failed]);
  });

  it('does not take the event of a backend whose name merely ends in the target', () => {
    const events = [event(2005, 'my-app-1', 'die', 137), event(2030, 'app-1', 'die', 137)];
    expect(withEngineEffectTimes([entry('kill', 'app', 2000, 2100)], events, CONTAINERS)[0]!.tookEffectAtMs).toBe(2030);
  });
});
