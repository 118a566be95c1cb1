/**
 * The Docker Engine's event stream (GET /events): one JSON object per line, as the engine reports
 * them. Each event goes to the listener as it comes; a line that is not JSON is skipped.
 */
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import { LineSplitter } from '../diagnose/line-splitter.js';

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
  const decoder = new StringDecoder('utf8');
  const lines = new LineSplitter((line) => {
    if (!line) return;
    let event: EngineEvent;
    try {
      event = JSON.parse(line) as EngineEvent;
    } catch {
      return;
    }
    onEvent(event);
  });
  stream.on('data', (chunk: Buffer) => lines.push(decoder.write(chunk)));
  stream.on('error', () => undefined);
  return { stop: () => stream.destroy() };
}
