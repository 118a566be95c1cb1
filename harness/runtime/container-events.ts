/**
 * Records what the Docker Engine reports about a variant's containers while the load runs (die,
 * oom, start, restart, kill, stop, pause, unpause), with the engine's own timestamps, so a crash or
 * a restart stands on the run's timeline beside the chaos actions. Only the given containers, and
 * only what happened after recording began: nothing of an earlier variant.
 */
import type Docker from 'dockerode';
import type { ContainerEvent } from '../observe/observation.js';
import { subscribeEngineEvents } from './engine-events.js';

const EVENTS = ['die', 'oom', 'start', 'restart', 'kill', 'stop', 'pause', 'unpause'];

export interface EventRecorder {
  /** stops listening; the events with times relative to the given epoch (the load's start) */
  stop(startEpochMs: number): ContainerEvent[];
}

export async function recordContainerEvents(docker: Docker, containerIds: string[]): Promise<EventRecorder> {
  const raw: { epochMs: number; container: string; event: string; exitCode?: number }[] = [];
  const fromMs = Date.now();
  const subscription = await subscribeEngineEvents(docker, { type: ['container'], event: EVENTS, container: containerIds }, (event) => {
    const attributes = event.Actor?.Attributes ?? {};
    if ((event.timeNano ?? 0) / 1e6 < fromMs) return;
    raw.push({
      epochMs: (event.timeNano ?? 0) / 1e6,
      container: attributes.name ?? 'unknown',
      event: event.Action ?? 'unknown',
      ...(attributes.exitCode !== undefined ? { exitCode: Number(attributes.exitCode) } : {}),
    });
  });
  return {
    stop(startEpochMs) {
      subscription.stop();
      return raw.map(({ epochMs, ...rest }) => ({ atMs: Math.round((epochMs - startEpochMs) * 10) / 10, ...rest }));
    },
  };
}
