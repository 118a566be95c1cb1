import { describe, expect, it } from 'vitest';
import { warmUp } from '../../../harness/load/engine/warm-up.js';

describe('the engine compiling its per-response code before the load starts', () => {
  it('parses every canned response as complete and counts it (the code a load runs, not the failure paths)', () => {
    expect(warmUp(1000)).toBe(1000);
  });
});
