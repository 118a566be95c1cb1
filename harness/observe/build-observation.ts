/** Assembles the Observation from what the collectors brought back (pure). */
import type { Images } from '../config/images.js';
import { withEngineEffectTimes } from './effect-times.js';
import type { LogSummaries } from './log-summaries.js';
import type { ClientObservation, ContainerEvent, ContainerFacts, Observation, PhaseTimings, TimelineEntry } from './observation.js';
import { reconcile } from './reconcile.js';

export interface CollectedFacts {
  scenario: string;
  variant: string;
  startedAt: string;
  nginxVersion: string;
  images: Pick<Images, 'nginx' | 'node'>;
  nginxConfig: string;
  client: ClientObservation;
  /** nginx's logs, summarized as they were read (see log-summaries.ts) */
  logs: LogSummaries;
  containers: ContainerFacts[];
  timeline: TimelineEntry[];
  containerEvents: ContainerEvent[];
  timings: PhaseTimings;
}

/** Every exit of a container during the load, from the engine's die events; the last one as exitCode. */
function withExitCodes(containers: ContainerFacts[], events: ContainerEvent[]): ContainerFacts[] {
  return containers.map((c) => {
    const exits = events.filter((e) => e.event === 'die' && e.container === c.name && e.exitCode !== undefined).map((e) => e.exitCode!);
    return exits.length === 0 ? c : { ...c, exitCodes: exits, exitCode: c.running ? exits.at(-1)! : c.exitCode };
  });
}

export function buildObservation(facts: CollectedFacts): Observation {
  const { accessLog, errorLog } = facts.logs;
  return {
    scenario: facts.scenario,
    variant: facts.variant,
    startedAt: facts.startedAt,
    nginxVersion: facts.nginxVersion,
    images: facts.images,
    nginxConfig: facts.nginxConfig,
    client: facts.client,
    accessLog,
    errorLog,
    reconciliation: reconcile(facts.client, accessLog.statusCounts),
    containers: withExitCodes(facts.containers, facts.containerEvents),
    timeline: withEngineEffectTimes(facts.timeline, facts.containerEvents, facts.containers),
    containerEvents: facts.containerEvents,
    timings: facts.timings,
  };
}
