import { describe, expect, it } from 'vitest';
import { discriminationGaps } from '../../../harness/expect/discrimination.js';
import type { Variant } from '../../../harness/scenario/schema.js';
import { makeObservation } from '../../fixtures/observation.js';

const variant = (name: string, expect: Variant['expect']): Variant => ({ name, nginx: {}, expect });
const timeouts = makeObservation({ client: { statusCounts: { '504': 100 } } });
const healthy = makeObservation({ client: { statusCounts: { '200': 100 } } });

describe('discriminationGaps', () => {
  it('finds none when each side fails the other side\'s expectations', () => {
    const variants = [variant('broken', { status: { '504': '100%' } }), variant('fixed', { status: { '200': '100%' } })];
    expect(discriminationGaps(variants, new Map([['broken', timeouts], ['fixed', healthy]]))).toEqual([]);
  });

  it('names the expectations that would pass whatever nginx did', () => {
    const variants = [variant('broken', { status: { '504': '100%' } }), variant('fixed', { status: { '2xx': '>= 0' } })];
    expect(discriminationGaps(variants, new Map([['broken', timeouts], ['fixed', healthy]]))).toEqual([{ expectationsOf: 'fixed', observationOf: 'broken' }]);
  });

  it('checks every fix against the reproduction, not fixes against each other', () => {
    const variants = [
      variant('broken', { status: { '504': '>= 1' } }),
      variant('fix-a', { status: { '200': '100%' } }),
      variant('fix-b', { status: { '200': '100%' } }),
    ];
    const observations = new Map([['broken', timeouts], ['fix-a', healthy], ['fix-b', healthy]]);
    expect(discriminationGaps(variants, observations)).toEqual([]);
  });

  it('follows declared roles: every reproduction against every fix, context variants left out', () => {
    const variants: Variant[] = [
      { ...variant('low-load', { status: { '200': '100%' } }), role: 'context' },
      { ...variant('get', { status: { '504': '>= 1' } }), role: 'reproduces' },
      { ...variant('post', { status: { '5xx': '>= 0' } }), role: 'reproduces' },
      { ...variant('fixed', { status: { '200': '100%' } }), role: 'fixes' },
    ];
    const observations = new Map([['low-load', healthy], ['get', timeouts], ['post', timeouts], ['fixed', healthy]]);
    // "post" passes whatever happened: the fix's observation does not fail it.
    expect(discriminationGaps(variants, observations)).toEqual([{ expectationsOf: 'post', observationOf: 'fixed' }]);
  });
});
