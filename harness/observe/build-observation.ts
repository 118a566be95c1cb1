/** Assembles the Observation from what the collectors brought back (pure). */
import type { Images } from '../config/images.js';
import { summarizeAccessLog } from '../nginx/parse-access-log.js';
import { summarizeErrorLog } from '../nginx/parse-error-log.js';
import type { NginxLogs } from '../runtime/runtime.js';
import { withEngineEffectTimes } from './effect-times.js';
import { errorLogSeries } from './error-log-series.js';
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
  logs: NginxLogs;
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
  const accessLog = summarizeAccessLog(facts.logs.access);
  return {
    scenario: facts.scenario,
    variant: facts.variant,
    startedAt: facts.startedAt,
    nginxVersion: facts.nginxVersion,
    images: facts.images,
    nginxConfig: facts.nginxConfig,
    client: facts.client,
    accessLog,
    errorLog: { ...summarizeErrorLog(facts.logs.error), series: errorLogSeries(facts.logs.error, facts.client.startedAtEpochMs) },
    reconciliation: reconcile(facts.client, accessLog.statusCounts),
    containers: withExitCodes(facts.containers, facts.containerEvents),
    timeline: withEngineEffectTimes(facts.timeline, facts.containerEvents, facts.containers),
    containerEvents: facts.containerEvents,
    timings: facts.timings,
  };
}
