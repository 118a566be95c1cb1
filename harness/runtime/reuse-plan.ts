/**
 * What the next environment can take over from the previous one (pure). A backend container is
 * kept only for a backend instance with an equal spec (same alias, limits, policies; the same
 * behaviour, or another one that the process can serve after a reset, both resettable) whose
 * behaviour can be reset in place (a request handler, or a raw-socket listener of its own), that no chaos action touched, and that ended the previous
 * variant running as it started (never restarted, paused or OOM-killed): a fake backend over HTTP
 * on a TCP port (over TLS too, unless its handshakes stall: those connections stay open), with no
 * network fault planned and no replace. Everything else is replaced: the user's app and real app servers (their state is
 * theirs), the FastCGI transport (its bridge holds connections of its own) and any backend on a
 * unix socket (the socket volume is new in every variant). The nginx container is kept when it runs the same image on the same host port; it gets
 * a new master either way.
 */
import { RESETTABLE_BEHAVIORS } from '../../backends/behaviors/resettable.js';
import type { BackendInstanceSpec } from './runtime.js';

/** A backend container as the previous variant left it. */
export interface ParkedBackend {
  spec: BackendInstanceSpec;
  /** a chaos action targeted it */
  touched: boolean;
  running: boolean;
  paused: boolean;
  oomKilled: boolean;
  restartCount: number;
}

export interface BackendReuse<P extends ParkedBackend> {
  /** parked containers to reset in place, with the spec each now serves */
  keep: { parked: P; spec: BackendInstanceSpec }[];
  /** parked containers to remove */
  remove: P[];
  /** instances that need a new container */
  create: BackendInstanceSpec[];
}

/** Whether a parked backend may serve another variant at all (before knowing that variant). */
export function reusable(parked: ParkedBackend): boolean {
  return reusableSpec(parked.spec) && !parked.touched && parked.running && !parked.paused && !parked.oomKilled && parked.restartCount === 0;
}

/** Whether a backend of this spec may serve another variant, if it ends its variant as it started. */
export function reusableSpec(spec: BackendInstanceSpec): boolean {
  return !spec.app && !spec.server && spec.protocol === 'http' && spec.socket === undefined
    // network faults and replace change what is around the container (its namespace's rules, its name)
    && !spec.network && !spec.replacements && spec.tls?.handshake !== 'stall'
    && !!spec.behavior && RESETTABLE_BEHAVIORS.has(spec.behavior.kind);
}

export function planBackendReuse<P extends ParkedBackend>(parked: readonly P[], wanted: readonly BackendInstanceSpec[]): BackendReuse<P> {
  const byAlias = new Map(parked.map((p) => [p.spec.alias, p]));
  const keep: BackendReuse<P>['keep'] = [];
  const create: BackendInstanceSpec[] = [];
  for (const spec of wanted) {
    const candidate = byAlias.get(spec.alias);
    if (candidate && reusable(candidate) && (sameSpec(candidate.spec, spec) || resetsInto(candidate.spec, spec))) {
      keep.push({ parked: candidate, spec });
      byAlias.delete(spec.alias);
    } else {
      create.push(spec);
    }
  }
  return { keep, remove: [...byAlias.values()], create };
}

/** Specs equal but for the behaviour, both behaviours ones a reset can swap in the same process. */
export function resetsInto(from: BackendInstanceSpec, to: BackendInstanceSpec): boolean {
  return !!from.behavior && !!to.behavior && RESETTABLE_BEHAVIORS.has(from.behavior.kind) && RESETTABLE_BEHAVIORS.has(to.behavior.kind)
    && sameSpec({ ...from, behavior: undefined }, { ...to, behavior: undefined });
}

/** Equal specs: every field, nested objects compared by value whatever their key order. */
export function sameSpec(a: BackendInstanceSpec, b: BackendInstanceSpec): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
