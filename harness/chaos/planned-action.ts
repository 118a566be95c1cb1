/** A chaos action ready to run: its time resolved, and for a reload the new config rendered. */
import type { NetworkFault } from '../scenario/network-fault-schema.js';
import type { Behavior } from '../scenario/schema.js';

export interface PlannedAction {
  name: string;
  action: 'kill' | 'stop' | 'start' | 'restart' | 'pause' | 'unpause' | 'disconnect' | 'connect' | 'set-behavior' | 'scale' | 'reload'
    | 'network-fault' | 'network-clear' | 'replace';
  /** a backend name, a replica alias, or nginx */
  target: string;
  atMs?: number;
  afterRequests?: number;
  signal: string;
  graceMs: number;
  behavior?: Behavior;
  /** scale: how many replicas run from now on */
  replicas?: number;
  /** network-fault: the fault from now on */
  fault?: NetworkFault;
  /** reload: the config nginx loads */
  nginxConfig?: string;
}

/** What carries out an action: the started environment. */
export interface ActionTarget {
  act(action: PlannedAction): Promise<void>;
}
