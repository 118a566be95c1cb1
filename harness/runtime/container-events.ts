/**
 * Records what the Docker Engine reports about a variant's containers while the load runs (die,
 * oom, start, restart, kill, stop, pause, unpause), with the engine's own timestamps, so a crash or
 * a restart stands on the run's timeline beside the chaos actions. Only the given containers, and
 * only what happened after recording began: nothing of an earlier variant.
 */
import type Docker from 'dockerode';
import type { ContainerEvent } from '../observe/observation.js';

const EVENTS = ['die', 'oom', 'start', 'restart', 'kill', 'stop', 'pause', 'unpause'];

interface EngineEvent {
  Type?: string;
  Action?: string;
  timeNano?: number;
  Actor?: { Attributes?: Record<string, string> };
}

export interface EventRecorder {
  /** stops listening; the events with times relative to the given epoch (the load's start) */
  stop(startEpochMs: number): ContainerEvent[];
}

export async function recordContainerEvents(docker: Docker, containerIds: string[]): Promise<EventRecorder> {
  const raw: { epochMs: number; container: string; event: string; exitCode?: number }[] = [];
  const fromMs = Date.now();
  const stream = (await docker.getEvents({ filters: { type: ['container'], event: EVENTS, container: containerIds } })) as NodeJS.ReadableStream & { destroy(): void };
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      try {
        const event = JSON.parse(line) as EngineEvent;
        const attributes = event.Actor?.Attributes ?? {};
        if ((event.timeNano ?? 0) / 1e6 < fromMs) continue;
        raw.push({
          epochMs: (event.timeNano ?? 0) / 1e6,
          container: attributes.name ?? 'unknown',
          event: event.Action ?? 'unknown',
          ...(attributes.exitCode !== undefined ? { exitCode: Number(attributes.exitCode) } : {}),
        });
      } catch {
        // a line the engine cut: nothing to record
      }
    }
  });
  stream.on('error', () => undefined);
  return {
    stop(startEpochMs) {
      stream.destroy();
      return raw.map(({ epochMs, ...rest }) => ({ atMs: Math.round((epochMs - startEpochMs) * 10) / 10, ...rest }));
    },
  };
}
