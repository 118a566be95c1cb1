/**
 * What the next variant will certainly need new, known while the current variant's load runs
 * (pure), so that the runtime can start it then instead of after the load (docker-runtime.ts,
 * prepare()). Only what no outcome of the current variant could let the next one keep:
 * - a new network (lane), when the next variant's containers may restart (runtime.ts,
 *   containersMayRestart): then its nginx and every backend it has, on that network;
 * - else, on the current network: nginx when the current one cannot serve the next variant (another
 *   image or files, or it mounted a socket volume, or the next one needs one) or will most likely
 *   keep too many closed connections after this load (a guess: if wrong, the container started
 *   ahead is removed), and each backend that no current backend could become (none with its alias,
 *   or one that cannot be reset into it: a real app server never can);
 * - the next variant's socket volume, when a backend of it listens on a unix socket: nginx and
 *   those backends started ahead mount it (a socket volume serves one variant only).
 * A container started ahead logs from its own start, and all of that belongs to the next variant:
 * what a real app server prints as it boots is in that variant's report, not the current one's.
 * Never started ahead: the user's app (what it does as it starts is the user's, not ours to move),
 * and nginx on a fixed host port (the current one holds it). A backend is started ahead on the
 * current network under the alias the current nginx may use only when that nginx resolved its
 * names once, at start: a config with a resolver (or the run's DNS server) may ask Docker's DNS
 * again during the load and would find the new container too.
 */
import { resetsInto, reusableSpec, sameSpec } from './reuse-plan.js';
import type { BackendInstanceSpec, EnvironmentSpec } from './runtime.js';
import { socketDirsOf } from './socket-volume.js';

export interface CurrentEnvironment {
  spec: EnvironmentSpec;
  /** the current nginx container can serve the next variant's files and image (keepsNginx) */
  nginxFits: (next: EnvironmentSpec) => boolean;
  /** the current load will most likely leave the nginx container too many closed connections to serve again */
  nginxLikelyReplaced?: boolean;
}

export interface PreparePlan {
  /** a new network for the next variant; everything below goes on it */
  newLane: boolean;
  /** a new nginx container (its master starts at the next start(), with the next config) */
  nginx: boolean;
  /** new backend containers (fake backends, real app servers) */
  backends: BackendInstanceSpec[];
  /** the next variant's socket volume, with the folders it is mounted at; absent when it has no unix socket */
  socketDirs?: string[];
}

/**
 * Whether the load now running will most likely leave nginx's container more closed connections
 * (TIME_WAIT) than it may keep to serve again (`limit`), from the counts at the last two readings
 * of its logs (oldest first): the last count plus what the variant before added (variants of a
 * scenario run alike loads), or a last count already past three quarters of the limit. A guess:
 * the container's own check decides (NginxContainer.reusable).
 */
export function likelyTooManyClosed(readings: readonly number[], limit: number): boolean {
  const last = readings.at(-1) ?? 0;
  const before = readings.length >= 2 ? readings.at(-2)! : 0;
  return last + Math.max(last - before, 0) > limit || last > limit * 0.75;
}

/** a config that names a resolver may resolve names again while it runs */
const RESOLVER = /\bresolver\b/;

export function planPrepare(current: CurrentEnvironment, next: EnvironmentSpec): PreparePlan | undefined {
  const socketDirs = socketDirsOf(next.backends);
  const startable = (b: BackendInstanceSpec) => !b.app && (!!b.behavior || !!b.server);
  const newLane = next.containersMayRestart === true;
  const nginx = next.nginxHostPort === undefined && (newLane || socketDirs.length > 0 || current.nginxLikelyReplaced === true || !current.nginxFits(next));
  let backends: BackendInstanceSpec[];
  if (newLane) {
    backends = next.backends.filter(startable);
  } else {
    const byAlias = new Map(current.spec.backends.map((b) => [b.alias, b]));
    const mightBecome = (b: BackendInstanceSpec) => {
      const now = byAlias.get(b.alias);
      return now !== undefined && reusableSpec(now) && (sameSpec(now, b) || resetsInto(now, b));
    };
    const reresolves = current.spec.dns !== undefined || RESOLVER.test(current.spec.nginxConfig);
    backends = next.backends.filter((b) => startable(b) && !mightBecome(b) && !(reresolves && byAlias.has(b.alias)));
  }
  if (!nginx && backends.length === 0) return undefined;
  return { newLane, nginx, backends, ...(socketDirs.length > 0 ? { socketDirs } : {}) };
}
