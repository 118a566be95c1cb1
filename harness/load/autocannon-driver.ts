/**
 * The load driver on autocannon. autocannon's own summary is easy to misread (errors vs non-2xx)
 * and its duration timer drops requests in flight, which nginx then logs as 499. So statuses are
 * counted here, per client, and at the end of the duration each client finishes the request it
 * has in flight and then stops (a drain); a hard stop one client timeout later bounds the run.
 */
import autocannon from 'autocannon';
import type { ClientObservation } from '../observe/observation.js';
import { LIMITS } from '../scenario/schema.js';
import { hardStopMs, type LoadDriver, type LoadPlan } from './load-driver.js';
import { StatusSeries } from './status-series.js';

/** The part of autocannon's per-connection client this driver uses. */
interface CannonClient {
  reqsMade: number;
  responseMax: number;
  on(event: 'request' | 'timeout' | 'done', listener: () => void): void;
  on(event: 'response', listener: (status: number, bytes: number, latencyMs: number) => void): void;
  on(event: 'connError', listener: (error: NodeJS.ErrnoException) => void): void;
}

interface ClientTally {
  client: CannonClient;
  sent: number;
  finished: number;
}

export class AutocannonDriver implements LoadDriver {
  run(plan: LoadPlan, signal: AbortSignal): Promise<ClientObservation> {
    const series = new StatusSeries(plan.intervalMs);
    const tallies: ClientTally[] = [];
    const t0 = performance.now();
    const since = () => performance.now() - t0;
    let draining = false;
    let hardStopped = false;
    const drain = (tally: ClientTally) => {
      // autocannon sends no further request once reqsMade reaches responseMax.
      tally.client.responseMax = Math.max(tally.client.reqsMade, 1);
    };

    const setupClient = (raw: unknown) => {
      const client = raw as CannonClient;
      const tally: ClientTally = { client, sent: 0, finished: 0 };
      tallies.push(tally);
      client.on('request', () => { tally.sent++; });
      client.on('response', (status, _bytes, latencyMs) => {
        tally.finished++;
        series.response(status, latencyMs, since());
        if (draining) drain(tally);
      });
      client.on('timeout', () => { tally.finished++; series.transportError('timeout', since()); });
      client.on('connError', (error) => { tally.finished++; series.transportError(error.code ?? 'connection-error', since()); });
      if (draining) drain(tally);
    };

    const connections = plan.requests ? Math.min(plan.connections, plan.requests) : plan.connections;
    const hardStop = hardStopMs(plan, LIMITS.maxLoadDurationMs);
    const options = {
      url: new URL(plan.path, plan.baseUrl).toString(),
      method: plan.method as autocannon.Request['method'],
      headers: plan.headers,
      body: plan.body,
      connections,
      pipelining: 1,
      timeout: Math.ceil(plan.clientTimeoutMs / 1000),
      duration: Math.ceil(hardStop / 1000),
      amount: plan.requests,
      overallRate: plan.ratePerSecond,
      sampleInt: 100,
      setupClient,
    } as autocannon.Options;

    return new Promise((resolve, reject) => {
      const timers: NodeJS.Timeout[] = [];
      const onAbort = () => { hardStopped = true; instance.stop(); };
      const instance = autocannon(options, (error) => {
        timers.forEach(clearTimeout);
        signal.removeEventListener('abort', onAbort);
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        // Sent but never finished: in flight when the hard stop came, or else lost on a connection
        // the server closed as the request went out (autocannon reconnects without a word).
        const unfinished = tallies.reduce((sum, t) => sum + Math.max(t.sent - t.finished, 0), 0);
        resolve(series.finish(hardStopped ? { cutOffAtStop: unfinished, unanswered: 0 } : { cutOffAtStop: 0, unanswered: unfinished }, plan.clientTimeoutMs));
      });
      if (plan.durationMs !== undefined) {
        timers.push(setTimeout(() => { draining = true; tallies.forEach(drain); }, plan.durationMs));
      }
      timers.push(setTimeout(() => { hardStopped = true; instance.stop(); }, hardStop));
      if (signal.aborted) instance.stop();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
