import { describe, expect, it } from 'vitest';
import { containersMayRestart } from '../../../harness/run-variant.js';
import type { VariantPlan } from '../../../harness/scenario/expand.js';

const backend = (restart: 'no' | 'on-failure' | 'always') => ({ restart }) as VariantPlan['backends'][number];
const action = (name: string) => ({ action: name }) as VariantPlan['chaos'][number];

describe('containersMayRestart', () => {
  it('is true when a chaos action starts a container again or reconnects it, or a restart policy may', () => {
    for (const name of ['restart', 'start', 'connect']) expect(containersMayRestart({ chaos: [action(name)], backends: [backend('no')] }), name).toBe(true);
    expect(containersMayRestart({ chaos: [], backends: [backend('no'), backend('on-failure')] })).toBe(true);
    expect(containersMayRestart({ chaos: [], backends: [backend('always')] })).toBe(true);
  });

  it('is false for actions after which a container keeps its address or never comes back', () => {
    for (const name of ['kill', 'stop', 'pause', 'unpause', 'disconnect', 'set-behavior', 'reload']) {
      expect(containersMayRestart({ chaos: [action(name)], backends: [backend('no')] }), name).toBe(false);
    }
  });
});
