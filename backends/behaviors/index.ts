/** The behaviour registry: a scenario's `behavior.kind` picks one. */
import type { RequestHandler } from 'express';
import type { Behavior } from '../../harness/scenario/schema.js';
import type { BehaviorContext } from './behavior.js';
import { slow } from './slow.js';

export function createBehavior(behavior: Behavior, context: BehaviorContext): RequestHandler {
  switch (behavior.kind) {
    case 'slow':
      return slow(behavior, context);
  }
}
