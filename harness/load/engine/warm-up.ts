/**
 * Compiles the engine's per-response code before the load's clock starts: the parser and the
 * counting run on canned responses (nothing is sent), so the first second of a load is not spent
 * interpreting them (it ran at about half the speed of the rest, and an open model's first starts
 * came late).
 */
import { Buffer } from 'node:buffer';
import { ResponseParser } from '../http1/response-parser.js';
import { StatusSeries } from '../status-series.js';

const RESPONSES = [
  'HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Sat, 01 Jan 2000 00:00:00 GMT\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\nok\n',
  'HTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nbad\r\n',
].map((text) => Buffer.from(text, 'latin1'));

/** Runs the per-response code `rounds` times on throwaway objects; returns the responses it counted. */
export function warmUp(rounds = 20_000): number {
  const parser = new ResponseParser();
  const series = new StatusSeries(1000, 'send');
  for (let i = 0; i < rounds; i++) {
    parser.begin(true);
    const outcome = parser.feed(RESPONSES[i & 1]!);
    if (outcome?.kind === 'complete') series.response(outcome.status, { atMs: i / 10, latencyMs: 1 + (i % 100) / 10, fromSendMs: 1 });
  }
  return series.responsesSoFar;
}
