/** Counts responses per status and per time interval, and latencies, without keeping requests. */
import type { ClientObservation, IntervalCounts, StatusCounts } from '../observe/observation.js';
import { failedCount } from '../observe/client-totals.js';
import { TimingRecorder } from '../observe/timing-recorder.js';
import { IntervalLatencyRecorder } from './interval-latency.js';

export class StatusSeries {
  private readonly statusCounts: StatusCounts = {};
  private readonly failed: Record<string, number> = {};
  private readonly truncated: StatusCounts = {};
  private readonly intervals = new Map<number, IntervalCounts>();
  private readonly intervalLatency = new Map<number, IntervalLatencyRecorder>();
  private readonly latency = new TimingRecorder();
  private responses = 0;
  private lastEventMs = 0;

  constructor(private readonly intervalMs: number) {}

  /** A complete, valid response; atMs: milliseconds since load start. */
  response(status: number, latencyMs: number, atMs: number): void {
    const key = String(status);
    this.responses++;
    this.statusCounts[key] = (this.statusCounts[key] ?? 0) + 1;
    const interval = this.interval(atMs);
    interval.statuses[key] = (interval.statuses[key] ?? 0) + 1;
    this.latency.record(latencyMs);
    const index = interval.startMs / this.intervalMs;
    let recorder = this.intervalLatency.get(index);
    if (!recorder) this.intervalLatency.set(index, (recorder = new IntervalLatencyRecorder()));
    recorder.record(latencyMs);
  }

  /**
   * A request without a complete, valid response (kind: see FAILURE_KINDS, or a socket error
   * code); status: the status line that came before a truncated body.
   */
  failure(kind: string, atMs: number, status?: number): void {
    this.failed[kind] = (this.failed[kind] ?? 0) + 1;
    if (status !== undefined) this.truncated[String(status)] = (this.truncated[String(status)] ?? 0) + 1;
    this.interval(atMs).failed++;
  }

  /** Failures whose time is not known (e.g. found unanswered when the load ended): totals only. */
  failuresAtEnd(kind: string, count: number): void {
    if (count > 0) this.failed[kind] = (this.failed[kind] ?? 0) + count;
  }

  /** totals so far, for progress (copies, so the caller may keep them) */
  progress(): { responses: number; statusCounts: StatusCounts; failed: number } {
    return { responses: this.responses, statusCounts: { ...this.statusCounts }, failed: failedCount({ failed: this.failed }) };
  }

  finish(clientTimeoutMs: number, startedAtEpochMs = 0): ClientObservation {
    const series = [...this.intervals.values()]
      .sort((a, b) => a.startMs - b.startMs)
      .map((interval) => {
        const latency = this.intervalLatency.get(interval.startMs / this.intervalMs)?.summary();
        return latency ? { ...interval, latency } : interval;
      });
    const elapsedMs = this.lastEventMs;
    const sent = this.responses + failedCount({ failed: this.failed });
    return {
      sent,
      responses: this.responses,
      statusCounts: this.statusCounts,
      failed: this.failed,
      truncatedStatuses: this.truncated,
      intervalMs: this.intervalMs,
      series,
      latency: this.latency.summary(),
      elapsedMs,
      requestsPerSecond: elapsedMs > 0 ? (sent * 1000) / elapsedMs : 0,
      clientTimeoutMs,
      startedAtEpochMs,
    };
  }

  private interval(atMs: number): IntervalCounts {
    this.lastEventMs = Math.max(this.lastEventMs, atMs);
    const index = Math.floor(atMs / this.intervalMs);
    let interval = this.intervals.get(index);
    if (!interval) {
      interval = { startMs: index * this.intervalMs, statuses: {}, failed: 0 };
      this.intervals.set(index, interval);
    }
    return interval;
  }
}
