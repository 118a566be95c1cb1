/**
 * The load engine on raw sockets: the open model (every request starts at its intended time
 * whatever the responses do, on new connections as needed up to the in-flight bound) and the
 * closed model at full speed (each connection sends its next request as soon as the previous one
 * ended). It runs wherever it is given a plan: in the harness's process, or in a child process
 * (see engine-main.ts) so that the harness's own event loop is never the bottleneck.
 */
import { performance } from 'node:perf_hooks';
import { FAILURE_KINDS, type ClientObservation, type ScheduleObservation } from '../../observe/observation.js';
import { TimingRecorder } from '../../observe/timing-recorder.js';
import { ClientConnection, type ConnectionEvents, type Flight, type FlightEnd } from '../http1/client-connection.js';
import { prepareRequest, type PreparedRequest } from '../http1/request-bytes.js';
import { hardStopMs, MAX_SEND_MS, plannedSendMs, PROGRESS_INTERVAL_MS, requestsOf, whenAborted, type LoadHooks, type LoadPlan } from '../load-driver.js';
import { StatusSeries } from '../status-series.js';
import { ArrivalSchedule } from './arrival-schedule.js';
import { RequestMix } from './request-mix.js';

/**
 * A start later than this after its intended time is late. On a busy two-core machine the
 * engine's own timers fire 10-25 ms late now and then (measured); that jitter is not a failure to
 * deliver the declared traffic (it is in the corrected latency all the same), a longer wait is.
 */
export const LATE_START_MS = 25;
const TIMEOUT_SWEEP_MS = 50;

export async function runEngine(plan: LoadPlan, signal: AbortSignal, hooks: LoadHooks = {}): Promise<ClientObservation> {
  const { series, startEpochMs, schedule } = await runEngineSeries(plan, signal, hooks);
  const observation = series.finish(plan.clientTimeoutMs, startEpochMs);
  return schedule ? { ...observation, schedule } : observation;
}

/** What one engine counted: its series (to finish, or to merge with other parts of the load), and the open model's schedule. */
export interface EngineCount {
  series: StatusSeries;
  startEpochMs: number;
  schedule?: ScheduleObservation;
}

/**
 * Runs the plan; startEpochMs, when given, is the load's time zero (a part of a load that several
 * threads share), else now.
 */
export async function runEngineSeries(plan: LoadPlan, signal: AbortSignal, hooks: LoadHooks = {}, startEpochMs = performance.timeOrigin + performance.now()): Promise<EngineCount> {
  // Refuse a foreign origin before anything is sent.
  const mix = new RequestMix(requestsOf(plan).map((r) => ({ item: prepareRequest(r, plan.baseUrl), weight: r.weight })));
  const target = new URL(plan.baseUrl);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port || 80);
  const open = plan.arrival !== undefined;
  const series = new StatusSeries(plan.intervalMs, open ? 'intended-start' : 'send');
  const startPerf = startEpochMs - performance.timeOrigin;
  const since = () => performance.now() - startPerf;
  hooks.onStart?.({ startPerf, startEpochMs });

  const connections = new Set<ClientConnection>();
  const idle: ClientConnection[] = [];
  let inFlight = 0;
  let sending = true;
  let sentRequests = 0;
  let opened = 0;
  let peakInFlight = 0;
  let finishLoad: () => void = () => {};
  const finished = new Promise<void>((resolve) => { finishLoad = resolve; });
  const settleIfDone = () => { if (!sending && inFlight === 0 && waiting.length === 0) finishLoad(); };
  /** open model: intended starts waiting for a connection (the in-flight bound was reached) */
  const waiting: number[] = [];
  let waitingHead = 0;

  const events: ConnectionEvents = {
    ended(connection, flight, end) {
      inFlight--;
      const atMs = record(flight, end);
      if (open) {
        if (connection.usable) idle.push(connection);
        pump();
      } else if (sending && plan.requests !== undefined && sentRequests >= plan.requests) {
        stopSending();
      } else if (sending) {
        sendNext(connection.usable ? connection : undefined, atMs);
      }
      settleIfDone();
    },
    closed(connection) {
      connections.delete(connection);
      const at = idle.indexOf(connection);
      if (at >= 0) idle.splice(at, 1);
      if (open) pump();
    },
  };
  /** counts how the flight ended; returns when (now) */
  const record = (flight: Flight, end: FlightEnd): number => {
    const atMs = since();
    const timing = { atMs, latencyMs: atMs - flight.intendedMs, fromSendMs: atMs - flight.sentMs };
    if (end.kind === 'response') {
      series.response(end.status, timing);
      if (hooks.live) hooks.live.responses++;
    } else {
      series.failure(end.failure, timing, end.status);
    }
    return atMs;
  };
  const readBuffer = Buffer.allocUnsafe(64 * 1024);
  const newConnection = () => {
    const connection = new ClientConnection(host, port, events, readBuffer);
    connections.add(connection);
    opened++;
    return connection;
  };
  const write = (connection: ClientConnection, request: PreparedRequest, intendedMs: number, nowMs: number) => {
    inFlight++;
    sentRequests++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    connection.send({ request, intendedMs, sentMs: nowMs });
  };
  /** closed model: the next request on this connection, or on a new one */
  const sendNext = (connection: ClientConnection | undefined, nowMs: number) => write(connection ?? newConnection(), mix.next(), nowMs, nowMs);

  // open model bookkeeping
  const lateness = new TimingRecorder();
  let intended = 0;
  let late = 0;
  let dropped = 0;
  const connectionForStart = () => idle.pop() ?? (connections.size < plan.arrival!.maxInFlight ? newConnection() : undefined);
  const start = (connection: ClientConnection, intendedMs: number, nowMs: number) => {
    const isLate = nowMs - intendedMs > LATE_START_MS;
    if (isLate) {
      late++;
      lateness.record(nowMs - intendedMs);
    }
    write(connection, mix.next(), intendedMs, nowMs);
    series.started(intendedMs, isLate, inFlight);
  };
  const drop = (intendedMs: number) => {
    dropped++;
    series.dropped(intendedMs);
  };
  const dispatch = (intendedMs: number, nowMs: number) => {
    intended++;
    const connection = waiting.length === waitingHead ? connectionForStart() : undefined;
    if (connection) start(connection, intendedMs, nowMs);
    else waiting.push(intendedMs);
  };
  /**
   * Starts waiting requests, oldest first, as connections free up; one that waited longer than
   * the client timeout would have timed out in a queue of its own: dropped, never sent.
   */
  const pump = () => {
    const nowMs = since();
    while (waitingHead < waiting.length) {
      const intendedMs = waiting[waitingHead]!;
      if (nowMs - intendedMs >= plan.clientTimeoutMs) {
        waitingHead++;
        drop(intendedMs);
        continue;
      }
      const connection = connectionForStart();
      if (!connection) break;
      waitingHead++;
      start(connection, intendedMs, nowMs);
    }
    if (waitingHead > 1024 && waitingHead * 2 > waiting.length) {
      waiting.splice(0, waitingHead);
      waitingHead = 0;
    }
    if (waitingHead === waiting.length) {
      waiting.length = 0;
      waitingHead = 0;
    }
  };

  const timers: NodeJS.Timeout[] = [];
  let scheduleTimer: NodeJS.Timeout | undefined;
  const stopSending = () => {
    sending = false;
    if (scheduleTimer) clearTimeout(scheduleTimer);
    if (waiting.length === waitingHead) for (const connection of idle.splice(0)) connection.close();
    settleIfDone();
  };
  let schedule: ArrivalSchedule | undefined;
  let scheduleDone = false;
  if (open) {
    schedule = new ArrivalSchedule(plan.arrival!, plan.requests);
    let next = schedule.next();
    const tick = () => {
      const nowMs = since();
      while (next !== undefined && next <= nowMs && sending) {
        dispatch(next, nowMs);
        next = schedule!.next();
      }
      if (next === undefined) {
        scheduleDone = true;
        return stopSending();
      }
      if (sending) scheduleTimer = setTimeout(tick, Math.max(0, next - since()));
    };
    tick();
  } else {
    const count = plan.requests !== undefined ? Math.min(plan.connections, plan.requests) : plan.connections;
    for (let i = 0; i < count; i++) sendNext(undefined, since());
    if (plan.durationMs !== undefined) timers.push(setTimeout(stopSending, plan.durationMs));
  }

  const sendMs = plannedSendMs(plan);
  const stopAt = hardStopMs({ durationMs: sendMs, clientTimeoutMs: plan.clientTimeoutMs }, MAX_SEND_MS);
  const hardStop = () => {
    stopSending();
    while (waitingHead < waiting.length) drop(waiting[waitingHead++]!);
    waiting.length = 0;
    waitingHead = 0;
    for (const connection of [...connections]) if (connection.flight) connection.abandon(FAILURE_KINDS.cutOff);
    finishLoad();
  };
  timers.push(setTimeout(hardStop, stopAt));
  timers.push(setInterval(() => {
    const nowMs = since();
    for (const connection of connections) {
      if (connection.flight && nowMs - connection.flight.sentMs >= plan.clientTimeoutMs) connection.abandon(FAILURE_KINDS.timeout);
    }
    if (open) pump();
    settleIfDone();
  }, TIMEOUT_SWEEP_MS));
  if (hooks.onProgress) {
    timers.push(setInterval(() => hooks.onProgress!({ elapsedMs: since(), ...(sendMs !== undefined ? { plannedMs: sendMs } : {}), ...series.progress(), inFlight }), PROGRESS_INTERVAL_MS));
  }
  // told to stop sending (a gate mode's budget already broken): the schedule ends here, on purpose
  let cutShortAtMs: number | undefined;
  const unlisten = [
    whenAborted(signal, hardStop),
    whenAborted(hooks.stopSending, () => { cutShortAtMs ??= since(); stopSending(); }),
  ];

  await finished;
  for (const stop of unlisten) stop();
  for (const timer of timers) clearTimeout(timer);
  for (const connection of [...connections]) connection.close();

  if (!open || !schedule) return { series, startEpochMs };
  // starts the schedule still held when the load was stopped were never sent (for a Poisson
  // schedule, as many as it expected); a schedule cut short on purpose ends where it was cut
  const neverDispatched = scheduleDone || cutShortAtMs !== undefined ? 0 : Math.max(schedule.expected - intended, 0);
  const scheduleMs = schedule.endMs;
  const deliveredMs = Math.min(cutShortAtMs ?? scheduleMs, scheduleMs);
  const summary: ScheduleObservation = {
    process: plan.arrival!.process,
    intended: intended + neverDispatched,
    started: intended - dropped,
    late,
    dropped: dropped + neverDispatched,
    lateThresholdMs: LATE_START_MS,
    declaredPerSecond: scheduleMs > 0 ? (schedule.meanCount * 1000) / scheduleMs : 0,
    deliveredPerSecond: deliveredMs > 0 ? ((intended - dropped) * 1000) / deliveredMs : 0,
    maxInFlight: plan.arrival!.maxInFlight,
    peakInFlight,
    connectionsOpened: opened,
    lateness: lateness.summary(),
  };
  return { series, startEpochMs, schedule: summary };
}
