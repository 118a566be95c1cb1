/**
 * When a chaos action took effect, by the Docker Engine's own event for the target (the process
 * died, the container started again, froze, thawed), rather than when the API call returned.
 * Actions without such an event (disconnect, set-behavior, reload) keep the call's return (pure).
 */
import type { ContainerEvent, ContainerFacts, TimelineEntry } from './observation.js';

const EFFECT: Record<string, string> = { kill: 'die', stop: 'die', start: 'start', restart: 'start', pause: 'pause', unpause: 'unpause', scale: 'die' };

export function withEngineEffectTimes(timeline: readonly TimelineEntry[], events: readonly ContainerEvent[], containers: readonly ContainerFacts[]): TimelineEntry[] {
  return timeline.map((entry) => {
    const effect = EFFECT[entry.action];
    if (!effect || entry.requestedAtMs === null || entry.error) return entry;
    // The target's containers by name: a backend (every replica) or one replica ("app-2").
    const names = new Set(containers.filter((c) => c.role === 'backend' && (c.backend === entry.target || `${c.backend}-${c.replica}` === entry.target)).map((c) => c.name));
    const seen = events.find((e) => e.event === effect && e.atMs >= entry.requestedAtMs! - 50 && names.has(e.container));
    return seen ? { ...entry, tookEffectAtMs: seen.atMs } : entry;
  });
}
