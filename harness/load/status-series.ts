/**
 * Counts how every request ended, per status and per time interval, with its latency in
 * HdrHistograms (whole run, per interval, per outcome), without keeping requests. Every request
 * counted here was sent and ends exactly once: a response or a failure.
 */
import type { ClientObservation, IntervalCounts, OutcomeLatency, StatusCounts } from '../observe/observation.js';
import { failedCount } from '../observe/client-totals.js';
import { TimingRecorder, type EncodedTiming } from '../observe/timing-recorder.js';

/** When a request ended and how long it took: from its basis start, and from its send. */
export interface Timing {
  /** ms since load start, when it ended */
  atMs: number;
  /** from the basis start (the intended start in the open model, else the send) */
  latencyMs: number;
  /** from the send (the same as latencyMs with the 'send' basis) */
  fromSendMs: number;
}

/**
 * Everything a StatusSeries counted, as plain data (histograms encoded): what a part of the load
 * running in another thread hands over, to be merged exactly into one series.
 */
export interface SeriesState {
  statusCounts: StatusCounts;
  failed: Record<string, number>;
  truncated: StatusCounts;
  intervals: IntervalCounts[];
  intervalLatency: [number, EncodedTiming][];
  latency: EncodedTiming;
  fromSend: EncodedTiming;
  byOutcome: [string, { latency: EncodedTiming; fromSend: EncodedTiming }][];
  responses: number;
  lastEventMs: number;
}

interface OutcomeRecorders {
  latency: TimingRecorder;
  fromSend: TimingRecorder;
}

export class StatusSeries {
  private readonly statusCounts: StatusCounts = {};
  private readonly failed: Record<string, number> = {};
  private readonly truncated: StatusCounts = {};
  private readonly intervals = new Map<number, IntervalCounts>();
  private readonly intervalLatency = new Map<number, TimingRecorder>();
  private readonly latency = new TimingRecorder();
  private readonly fromSend = new TimingRecorder();
  private readonly byOutcome = new Map<string, OutcomeRecorders>();
  private responses = 0;
  private lastEventMs = 0;
  /** with the 'send' basis, latency is from the send: recorded once, summarized for both */
  private readonly fromSendIsLatency: boolean;
  /** the last response's status, interval and recorders: most responses share them with the one before */
  private last: { status: number; key: string; index: number; interval: IntervalCounts; intervalLatency: TimingRecorder; outcome: OutcomeRecorders } | undefined;

  constructor(private readonly intervalMs: number, private readonly basis: 'intended-start' | 'send' = 'send') {
    this.fromSendIsLatency = basis === 'send';
  }

  /** A complete, valid response. */
  response(status: number, timing: Timing): void {
    this.responses++;
    this.lastEventMs = Math.max(this.lastEventMs, timing.atMs);
    const index = Math.floor(timing.atMs / this.intervalMs);
    let last = this.last;
    if (!last || last.status !== status || last.index !== index) last = this.last = this.responseSlots(status, index);
    const key = last.key;
    this.statusCounts[key] = (this.statusCounts[key] ?? 0) + 1;
    last.interval.statuses[key] = (last.interval.statuses[key] ?? 0) + 1;
    this.latency.record(timing.latencyMs);
    if (!this.fromSendIsLatency) this.fromSend.record(timing.fromSendMs);
    this.recordOutcome(last.outcome, timing);
    last.intervalLatency.record(timing.latencyMs);
  }

  /** Where a response with this status in this interval is counted. */
  private responseSlots(status: number, index: number): NonNullable<StatusSeries['last']> {
    const key = String(status);
    const interval = this.intervalAt(index);
    let intervalLatency = this.intervalLatency.get(interval.startMs);
    if (!intervalLatency) this.intervalLatency.set(interval.startMs, (intervalLatency = new TimingRecorder({ compact: true })));
    return { status, key, index, interval, intervalLatency, outcome: this.outcomeRecorders(key) };
  }

  /**
   * A request without a complete, valid response (kind: see FAILURE_KINDS, or a socket error
   * code); status: the status line that came before a truncated body. timing: when it ended and
   * how long it had run, when known.
   */
  failure(kind: string, timing: Timing | number, status?: number): void {
    this.failed[kind] = (this.failed[kind] ?? 0) + 1;
    if (status !== undefined) this.truncated[String(status)] = (this.truncated[String(status)] ?? 0) + 1;
    const atMs = typeof timing === 'number' ? timing : timing.atMs;
    this.interval(atMs).failed++;
    if (typeof timing !== 'number') this.recordOutcome(this.outcomeRecorders(kind), timing);
  }

  /** Failures whose time is not known (e.g. found unanswered when the load ended): totals only. */
  failuresAtEnd(kind: string, count: number): void {
    if (count > 0) this.failed[kind] = (this.failed[kind] ?? 0) + count;
  }

  /** Open model: a request started (intendedMs: its intended start), late or on time. */
  started(intendedMs: number, late: boolean, inFlight: number): void {
    const interval = this.interval(intendedMs, false);
    interval.started = (interval.started ?? 0) + 1;
    if (late) interval.late = (interval.late ?? 0) + 1;
    interval.peakInFlight = Math.max(interval.peakInFlight ?? 0, inFlight);
  }

  /** Open model: an intended start that was never sent. */
  dropped(intendedMs: number): void {
    const interval = this.interval(intendedMs, false);
    interval.dropped = (interval.dropped ?? 0) + 1;
  }

  /** totals so far, for progress (copies, so the caller may keep them) */
  progress(): { responses: number; statusCounts: StatusCounts; failed: number } {
    return { responses: this.responses, statusCounts: { ...this.statusCounts }, failed: failedCount({ failed: this.failed }) };
  }

  get responsesSoFar(): number {
    return this.responses;
  }

  finish(clientTimeoutMs: number, startedAtEpochMs = 0): ClientObservation {
    const series = [...this.intervals.values()]
      .sort((a, b) => a.startMs - b.startMs)
      .map((interval) => {
        const summary = this.intervalLatency.get(interval.startMs)?.summary();
        return summary ? { ...interval, latency: { p50Ms: summary.p50Ms, p99Ms: summary.p99Ms, maxMs: summary.maxMs } } : interval;
      });
    const elapsedMs = this.lastEventMs;
    const sent = this.responses + failedCount({ failed: this.failed });
    const latencyByOutcome: Record<string, OutcomeLatency> = {};
    for (const [key, recorders] of [...this.byOutcome.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const latency = recorders.latency.summary();
      latencyByOutcome[key] = { latency, fromSend: this.fromSendIsLatency ? latency : recorders.fromSend.summary() };
    }
    const latency = this.latency.summary();
    return {
      sent,
      responses: this.responses,
      statusCounts: this.statusCounts,
      failed: this.failed,
      truncatedStatuses: this.truncated,
      intervalMs: this.intervalMs,
      series,
      latency,
      latencyBasis: this.basis,
      latencyFromSend: this.fromSendIsLatency ? latency : this.fromSend.summary(),
      latencyByOutcome,
      elapsedMs,
      requestsPerSecond: elapsedMs > 0 ? (sent * 1000) / elapsedMs : 0,
      clientTimeoutMs,
      startedAtEpochMs,
    };
  }

  /** What this series counted, as plain data (see merge). */
  state(): SeriesState {
    return {
      statusCounts: this.statusCounts,
      failed: this.failed,
      truncated: this.truncated,
      intervals: [...this.intervals.values()],
      intervalLatency: [...this.intervalLatency.entries()].map(([startMs, recorder]) => [startMs, recorder.encode()]),
      latency: this.latency.encode(),
      fromSend: this.fromSend.encode(),
      byOutcome: [...this.byOutcome.entries()].map(([key, r]) => [key, { latency: r.latency.encode(), fromSend: r.fromSend.encode() }]),
      responses: this.responses,
      lastEventMs: this.lastEventMs,
    };
  }

  /** Adds what another series (on the same clock and interval) counted: every count and every latency, exactly. */
  merge(other: SeriesState): void {
    addCounts(this.statusCounts, other.statusCounts);
    addCounts(this.failed, other.failed);
    addCounts(this.truncated, other.truncated);
    for (const interval of other.intervals) {
      const mine = this.intervalAt(Math.round(interval.startMs / this.intervalMs));
      addCounts(mine.statuses, interval.statuses);
      mine.failed += interval.failed;
      for (const key of ['started', 'late', 'dropped'] as const) {
        if (interval[key] !== undefined) mine[key] = (mine[key] ?? 0) + interval[key]!;
      }
      if (interval.peakInFlight !== undefined) mine.peakInFlight = Math.max(mine.peakInFlight ?? 0, interval.peakInFlight);
    }
    for (const [startMs, encoded] of other.intervalLatency) {
      let recorder = this.intervalLatency.get(startMs);
      if (!recorder) this.intervalLatency.set(startMs, (recorder = new TimingRecorder({ compact: true })));
      recorder.addEncoded(encoded);
    }
    this.latency.addEncoded(other.latency);
    this.fromSend.addEncoded(other.fromSend);
    for (const [key, encoded] of other.byOutcome) {
      let recorders = this.byOutcome.get(key);
      if (!recorders) this.byOutcome.set(key, (recorders = { latency: new TimingRecorder(), fromSend: new TimingRecorder() }));
      recorders.latency.addEncoded(encoded.latency);
      recorders.fromSend.addEncoded(encoded.fromSend);
    }
    this.responses += other.responses;
    this.lastEventMs = Math.max(this.lastEventMs, other.lastEventMs);
  }

  private recordOutcome(recorders: OutcomeRecorders, timing: Timing): void {
    recorders.latency.record(timing.latencyMs);
    if (!this.fromSendIsLatency) recorders.fromSend.record(timing.fromSendMs);
  }

  private outcomeRecorders(key: string): OutcomeRecorders {
    let recorders = this.byOutcome.get(key);
    if (!recorders) this.byOutcome.set(key, (recorders = { latency: new TimingRecorder(), fromSend: new TimingRecorder() }));
    return recorders;
  }

  private interval(atMs: number, ends = true): IntervalCounts {
    if (ends) this.lastEventMs = Math.max(this.lastEventMs, atMs);
    return this.intervalAt(Math.floor(atMs / this.intervalMs));
  }

  private intervalAt(index: number): IntervalCounts {
    let interval = this.intervals.get(index);
    if (!interval) {
      interval = { startMs: index * this.intervalMs, statuses: {}, failed: 0 };
      this.intervals.set(index, interval);
    }
    return interval;
  }
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}
