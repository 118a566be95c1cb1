/**
 * The load driver on autocannon. autocannon's own summary is easy to misread (errors vs non-2xx)
 * and its duration timer drops requests in flight, which nginx then logs as 499. So statuses are
 * counted here, per client, and at the end of the duration each client finishes the request it
 * has in flight and then stops (a drain); a hard stop one client timeout later bounds the run.
 * A plan with stages (a traffic shape) runs one autocannon per stage on the same clock.
 */
import autocannon from 'autocannon';
import { FAILURE_KINDS, type ClientObservation } from '../observe/observation.js';
import { hardStopMs, MAX_SEND_MS, plannedSendMs, PROGRESS_INTERVAL_MS, whenAborted, type LoadClock, type LoadDriver, type LoadHooks, type LoadPlan } from './load-driver.js';
import { checkOriginForm } from './http1/request-bytes.js';
import { requestsOf } from './load-driver.js';
import { StatusSeries } from './status-series.js';

/** The part of autocannon's per-connection client this driver uses. */
interface CannonClient {
  reqsMade: number;
  destroy(): void;
  responseMax: number;
  conn: { prependListener(event: 'end' | 'error', listener: () => void): void };
  parser: { initialize(type: string): void; execute(chunk: Buffer, start?: number, length?: number): unknown };
  pipelinedRequests: { clear(): void; terminateRequest(): { duration: number; headers?: { statusCode: number } } | undefined };
  _connect(): void;
  _resetConnection(): void;
  on(event: 'request' | 'timeout' | 'done', listener: () => void): void;
  on(event: 'headers', listener: (head: { statusCode: number }) => void): void;
  on(event: 'response', listener: (status: number, bytes: number, latencyMs: number) => void): void;
  on(event: 'connError', listener: (error: NodeJS.ErrnoException) => void): void;
}

interface ClientTally {
  client: CannonClient;
  sent: number;
  finished: number;
  /** the status line of the response in flight had arrived */
  headersSeen: boolean;
  /** when the request in flight was written (ms since load start) */
  sentAtMs: number;
}

interface Stage {
  durationMs?: number;
  requests?: number;
  ratePerSecond?: number;
  connections: number;
}

interface StageEnd {
  cutOffAtStop: number;
  unanswered: number;
}

export class AutocannonDriver implements LoadDriver {
  async run(plan: LoadPlan, signal: AbortSignal, hooks: LoadHooks = {}): Promise<ClientObservation> {
    const series = new StatusSeries(plan.intervalMs);
    const clock: LoadClock = { startPerf: performance.now(), startEpochMs: Date.now() };
    hooks.onStart?.(clock);
    const since = () => performance.now() - clock.startPerf;
    const planned = plannedSendMs(plan);
    const ticker = hooks.onProgress
      ? setInterval(() => hooks.onProgress!({ elapsedMs: since(), ...(planned !== undefined ? { plannedMs: planned } : {}), ...series.progress() }), PROGRESS_INTERVAL_MS)
      : undefined;
    const stages: Stage[] = plan.stages
      ? plan.stages.map((s) => ({ durationMs: s.durationMs, ...(s.ratePerSecond !== undefined ? { ratePerSecond: s.ratePerSecond } : {}), connections: s.connections ?? plan.connections }))
      : [{ ...(plan.durationMs !== undefined ? { durationMs: plan.durationMs } : {}), ...(plan.requests !== undefined ? { requests: plan.requests } : {}), ...(plan.ratePerSecond !== undefined ? { ratePerSecond: plan.ratePerSecond } : {}), connections: plan.connections }];
    try {
      for (const stage of stages) {
        if (signal.aborted || hooks.stopSending?.aborted) break;
        const end = await runStage(plan, stage, series, since, signal, hooks);
        series.failuresAtEnd(FAILURE_KINDS.cutOff, end.cutOffAtStop);
        series.failuresAtEnd(FAILURE_KINDS.noResponse, end.unanswered);
      }
    } finally {
      if (ticker) clearInterval(ticker);
    }
    return series.finish(plan.clientTimeoutMs, clock.startEpochMs);
  }
}

function runStage(plan: LoadPlan, stage: Stage, series: StatusSeries, since: () => number, signal: AbortSignal, hooks: LoadHooks): Promise<StageEnd> {
  const tallies: ClientTally[] = [];
  let draining = false;
  let hardStopped = false;
  /** set once autocannon is asked to stop: the connections it then closes cut nothing */
  let stopping = false;
  // autocannon sends no further request once reqsMade reaches responseMax.
  const drain = (tally: ClientTally) => { tally.client.responseMax = Math.max(tally.client.reqsMade, 1); };
  // At the end of the duration, a client with nothing in flight (e.g. waiting for its next second
  // of a fixed rate) stops at once rather than at its next tick. Never from inside a response
  // handler: autocannon writes the next request right after it.
  const drainAll = () => {
    draining = true;
    for (const tally of tallies) {
      drain(tally);
      if (tally.sent === tally.finished) tally.client.destroy();
    }
  };
  const setupClient = (raw: unknown) => {
    const client = raw as CannonClient;
    const tally: ClientTally = { client, sent: 0, finished: 0, headersSeen: false, sentAtMs: 0 };
    const ended = () => { const atMs = since(); return { atMs, latencyMs: atMs - tally.sentAtMs, fromSendMs: atMs - tally.sentAtMs }; };
    tallies.push(tally);
    client.on('request', () => { tally.sent++; tally.headersSeen = false; tally.sentAtMs = since(); });
    client.on('headers', () => { tally.headersSeen = true; });
    // autocannon reconnects when a connection ends, without resetting its parser or its queue of
    // requests in flight: a response cut in its body (nginx sent a 200, then the backend died) would
    // be stitched onto the next ones. Before its own listener runs, the cut response is counted with
    // its status (and as truncated) and the parser starts over.
    const startOver = () => {
      client.pipelinedRequests.clear();
      client.parser.initialize('RESPONSE');
      tally.headersSeen = false;
    };
    const connect = client._connect.bind(client);
    client._connect = () => {
      connect();
      client.conn.prependListener('end', () => {
        if (stopping || tally.sent <= tally.finished) return;
        const cut = client.pipelinedRequests.terminateRequest();
        const status = tally.headersSeen ? cut?.headers?.statusCode : undefined;
        startOver();
        if (status === undefined || !cut) return; // nothing came back: it stays unanswered
        tally.finished++;
        series.failure(FAILURE_KINDS.truncated, ended(), status);
        if (draining) drain(tally);
      });
      client.conn.prependListener('error', startOver); // connError counts the request itself
    };
    // Bytes that are not HTTP (nginx passes a backend's garbage on as HTTP/0.9): a failed request,
    // and a new connection, as curl does ("Received HTTP/0.9 when not allowed").
    const execute = client.parser.execute.bind(client.parser);
    client.parser.execute = (chunk, start, length) => {
      const result = execute(chunk, start, length);
      if (result instanceof Error && !stopping && tally.sent > tally.finished) {
        tally.finished++;
        series.failure(FAILURE_KINDS.invalidResponse, ended());
        startOver();
        if (draining) drain(tally);
        client._resetConnection();
      }
      return result;
    };
    client.on('response', (status, _bytes, latencyMs) => {
      tally.headersSeen = false;
      tally.finished++;
      const atMs = since();
      series.response(status, { atMs, latencyMs, fromSendMs: latencyMs });
      if (hooks.live) hooks.live.responses++;
      if (draining) drain(tally);
    });
    client.on('timeout', () => { tally.finished++; series.failure(FAILURE_KINDS.timeout, ended()); });
    client.on('connError', (error) => { tally.finished++; series.failure(error.code ?? 'connection-error', ended()); });
    if (draining) drain(tally);
  };

  const connections = stage.requests ? Math.min(stage.connections, stage.requests) : stage.connections;
  const hardStop = hardStopMs({ durationMs: stage.durationMs, clientTimeoutMs: plan.clientTimeoutMs }, MAX_SEND_MS);
  const options = {
    url: new URL(checkOriginForm(plan.path, plan.baseUrl), plan.baseUrl).toString(),
    method: plan.method as autocannon.Request['method'],
    headers: plan.headers,
    body: plan.body,
    ...(plan.mix ? { requests: mixSequence(plan) } : {}),
    connections,
    pipelining: 1,
    timeout: Math.ceil(plan.clientTimeoutMs / 1000),
    duration: Math.ceil(hardStop / 1000),
    amount: stage.requests,
    overallRate: stage.ratePerSecond,
    sampleInt: 100,
    setupClient,
  } as autocannon.Options;

  return new Promise((resolve, reject) => {
    const timers: NodeJS.Timeout[] = [];
    let instance: autocannon.Instance | undefined;
    const stop = () => { hardStopped = true; stopping = true; instance?.stop(); };
    // The drain timer is made before autocannon's clients make their 1 s rate ticks, so when both
    // are due at the end of the stage the drain runs first and no extra burst goes out.
    if (stage.durationMs !== undefined) timers.push(setTimeout(drainAll, stage.durationMs));
    timers.push(setTimeout(stop, hardStop));
    const unlisten: (() => void)[] = [];
    instance = autocannon(options, (error) => {
      stopping = true;
      timers.forEach(clearTimeout);
      for (const stopListening of unlisten) stopListening();
      if (error) return reject(error instanceof Error ? error : new Error(String(error)));
      // Sent but never finished: in flight when the hard stop came, or else lost on a connection
      // the server closed as the request went out (autocannon reconnects without a word).
      const unfinished = tallies.reduce((sum, t) => sum + Math.max(t.sent - t.finished, 0), 0);
      resolve(hardStopped ? { cutOffAtStop: unfinished, unanswered: 0 } : { cutOffAtStop: 0, unanswered: unfinished });
    });
    // told to stop sending: the same drain as at the end of the duration (from a timer, never
    // from inside a response handler)
    unlisten.push(whenAborted(signal, stop), whenAborted(hooks.stopSending, () => { timers.push(setTimeout(drainAll, 0)); }));
  });
}

/**
 * A weighted mix as the request sequence each connection cycles through: each entry repeated in
 * proportion to its weight (weights reduced by their greatest common divisor).
 */
export function mixSequence(plan: LoadPlan): autocannon.Request[] {
  const entries = requestsOf(plan);
  for (const entry of entries) checkOriginForm(entry.path, plan.baseUrl);
  const divisor = entries.map((e) => e.weight).reduce(gcd);
  const sequence: autocannon.Request[] = [];
  // interleaved, so that each connection's cycle holds the shares in every stretch of it
  const remaining = entries.map((e) => e.weight / divisor);
  while (remaining.some((n) => n > 0)) {
    entries.forEach((entry, i) => {
      if (remaining[i]! <= 0) return;
      remaining[i]!--;
      sequence.push({ method: entry.method as autocannon.Request['method'], path: entry.path, headers: entry.headers, ...(entry.body !== undefined ? { body: entry.body } : {}) });
    });
  }
  return sequence;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
