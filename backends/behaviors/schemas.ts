/**
 * The behaviour catalog's schemas: a scenario's `behavior.kind` picks one. Each behaviour folder
 * holds its schema (what a scenario may set) and its implementation (what happens on the wire).
 */
import { z } from 'zod';
import { backlogFullSchema } from './backlog-full/schema.js';
import { bigHeaderSchema } from './big-header/schema.js';
import { closeMidBodySchema } from './close-mid-body/schema.js';
import { cpuBoundSchema } from './cpu-bound/schema.js';
import { crashSchema } from './crash/schema.js';
import { garbageSchema } from './garbage/schema.js';
import { invalidHeaderSchema } from './invalid-header/schema.js';
import { keepaliveCloseSchema } from './keepalive-close/schema.js';
import { noReadBodySchema } from './no-read-body/schema.js';
import { okSchema } from './ok/schema.js';
import { oomSchema } from './oom/schema.js';
import { refusedSchema } from './refused/schema.js';
import { resetSchema } from './reset/schema.js';
import { slowSchema } from './slow/schema.js';

const BEHAVIOR_SCHEMAS = [
  okSchema, slowSchema, crashSchema, oomSchema, cpuBoundSchema, keepaliveCloseSchema, refusedSchema, resetSchema,
  invalidHeaderSchema, bigHeaderSchema, garbageSchema, closeMidBodySchema, backlogFullSchema, noReadBodySchema,
] as const;

export const BEHAVIOR_KINDS = BEHAVIOR_SCHEMAS.map((s) => s.shape.kind.value);

export const behaviorSchema = z.discriminatedUnion('kind', [...BEHAVIOR_SCHEMAS], {
  error: `must have a known kind (${BEHAVIOR_KINDS.join(', ')})`,
});

export type Behavior = z.output<typeof behaviorSchema>;
