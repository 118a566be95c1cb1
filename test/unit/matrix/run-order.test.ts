import { describe, expect, it } from 'vitest';
import { runPhases, runsAloneBecause, runUnits } from '../../../harness/matrix/run-order.js';
import type { VariantPlan } from '../../../harness/scenario/expand.js';

type Item = Pick<VariantPlan, 'load' | 'chaos'> & { scenario: string };

const closed = { connections: 8, requests: 100 } as VariantPlan['load'];
const open = { ...closed, arrival: { process: 'constant' } } as unknown as VariantPlan['load'];
const chaos = (action: string) => [{ action }] as unknown as VariantPlan['chaos'];

function item(scenario: string, extra: Partial<Item> = {}): Item {
  return { scenario, load: closed, chaos: [], ...extra };
}

describe('runsAloneBecause', () => {
  it('names an open-model load and chaos through the engine; a closed load and a behaviour switch share', () => {
    expect(runsAloneBecause(item('a'))).toBeUndefined();
    expect(runsAloneBecause(item('a', { chaos: chaos('set-behavior') }))).toBeUndefined();
    expect(runsAloneBecause(item('a', { load: open }))).toBe('open-model load');
    expect(runsAloneBecause(item('a', { chaos: chaos('restart') }))).toBe('chaos restart through the Docker Engine');
    expect(runsAloneBecause(item('a', { chaos: [...chaos('set-behavior'), ...chaos('pause')] }))).toBe('chaos pause through the Docker Engine');
  });
});

describe('runUnits', () => {
  it('keeps a scenario\'s variants together in order, and a scenario with one variant that must run alone runs alone whole', () => {
    const items = [item('a'), item('a'), item('b'), item('b', { chaos: chaos('kill') }), item('c')];
    expect(runUnits(items, (i) => items[i]!.scenario)).toEqual([
      { items: [0, 1], alone: false },
      { items: [2, 3], alone: true },
      { items: [4], alone: false },
    ]);
  });

  it('splits the same scenario in two repeats into two units', () => {
    const items = [item('a'), item('a'), item('a'), item('a')];
    expect(runUnits(items, (i) => `${Math.floor(i / 2)}:${items[i]!.scenario}`).map((u) => u.items)).toEqual([[0, 1], [2, 3]]);
  });
});

describe('runPhases', () => {
  const units = [
    { items: [0], alone: false },
    { items: [1], alone: true },
    { items: [2], alone: false },
    { items: [3], alone: true },
  ];

  it('runs everything in order, one at a time, with one job', () => {
    expect(runPhases(units, 1)).toEqual([{ jobs: 1, units }]);
  });

  it('runs what must run alone first, one at a time, then the rest n at a time', () => {
    expect(runPhases(units, 3)).toEqual([
      { jobs: 1, units: [units[1], units[3]] },
      { jobs: 3, units: [units[0], units[2]] },
    ]);
    expect(runPhases(units.filter((u) => !u.alone), 2)).toEqual([{ jobs: 2, units: [units[0], units[2]] }]);
    expect(runPhases([], 2)).toEqual([]);
  });
});
