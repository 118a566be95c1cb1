/**
 * The Docker Engine's event stream (GET /events): one JSON object per line, as the engine reports
 * them. Each event goes to the listener as it comes; a line the engine cut is skipped.
 */
import type Docker from 'dockerode';

export interface EngineEvent {
  Type?: string;
  Action?: string;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

export interface EventSubscription {
  /** stops listening (the stream is closed) */
  stop(): void;
}

export async function subscribeEngineEvents(docker: Docker, filters: Record<string, string[]>, onEvent: (event: EngineEvent) => void): Promise<EventSubscription> {
  const stream = (await docker.getEvents({ filters })) as NodeJS.ReadableStream & { destroy(): void };
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line) continue;
      let event: EngineEvent;
      try {
        event = JSON.parse(line) as EngineEvent;
      } catch {
        continue; // a line the engine cut
      }
      onEvent(event);
    }
  });
  stream.on('error', () => undefined);
  return { stop: () => stream.destroy() };
}
