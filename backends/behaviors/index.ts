/** The behaviour catalog's implementations, by kind (schemas are in schemas.ts). */
import type { BehaviorImplementation } from './behavior.js';
import type { Behavior } from './schemas.js';
import { backlogFull } from './backlog-full/backlog-full.js';
import { bigHeader } from './big-header/big-header.js';
import { closeMidBody } from './close-mid-body/close-mid-body.js';
import { cpuBound } from './cpu-bound/cpu-bound.js';
import { crash } from './crash/crash.js';
import { garbage } from './garbage/garbage.js';
import { invalidHeader } from './invalid-header/invalid-header.js';
import { keepaliveClose } from './keepalive-close/keepalive-close.js';
import { noReadBody } from './no-read-body/no-read-body.js';
import { ok } from './ok/ok.js';
import { oom } from './oom/oom.js';
import { refused } from './refused/refused.js';
import { reset } from './reset/reset.js';
import { slow } from './slow/slow.js';

type Implementations = { [K in Behavior['kind']]: BehaviorImplementation<Extract<Behavior, { kind: K }>> };

const IMPLEMENTATIONS: Implementations = {
  ok, slow, crash, oom, 'cpu-bound': cpuBound, 'keepalive-close': keepaliveClose, refused, reset,
  'invalid-header': invalidHeader, 'big-header': bigHeader, garbage, 'close-mid-body': closeMidBody,
  'backlog-full': backlogFull, 'no-read-body': noReadBody,
};

export function implementationOf<B extends Behavior>(behavior: B): BehaviorImplementation<B> {
  return IMPLEMENTATIONS[behavior.kind] as BehaviorImplementation<B>;
}
