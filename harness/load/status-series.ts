/** Counts responses per status and per time interval, and latencies, without keeping requests. */
import type { ClientObservation, IntervalCounts, StatusCounts } from '../observe/observation.js';
import { TimingRecorder } from '../observe/timing-recorder.js';
import { IntervalLatencyRecorder } from './interval-latency.js';

export class StatusSeries {
  private readonly statusCounts: StatusCounts = {};
  private readonly transportErrors: Record<string, number> = {};
  private readonly truncated: StatusCounts = {};
  private readonly intervals = new Map<number, IntervalCounts>();
  private readonly intervalLatency = new Map<number, IntervalLatencyRecorder>();
  private readonly latency = new TimingRecorder();
  private responses = 0;
  private lastEventMs = 0;

  constructor(private readonly intervalMs: number) {}

  /** atMs: milliseconds since load start */
  /** truncated: the status and headers came, the body was cut (the connection ended) */
  response(status: number, latencyMs: number, atMs: number, how: { truncated?: boolean } = {}): void {
    const key = String(status);
    if (how.truncated) this.truncated[key] = (this.truncated[key] ?? 0) + 1;
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

  transportError(kind: string, atMs: number): void {
    this.transportErrors[kind] = (this.transportErrors[kind] ?? 0) + 1;
    this.interval(atMs).transportErrors++;
  }

  /** totals so far, for progress (copies, so the caller may keep them) */
  progress(): { responses: number; statusCounts: StatusCounts; transportErrors: number } {
    const transportErrors = Object.values(this.transportErrors).reduce((a, b) => a + b, 0);
    return { responses: this.responses, statusCounts: { ...this.statusCounts }, transportErrors };
  }

  finish(ended: { cutOffAtStop: number; unanswered: number }, clientTimeoutMs: number, startedAtEpochMs = 0): ClientObservation {
    const series = [...this.intervals.values()]
      .sort((a, b) => a.startMs - b.startMs)
      .map((interval) => {
        const latency = this.intervalLatency.get(interval.startMs / this.intervalMs)?.summary();
        return latency ? { ...interval, latency } : interval;
      });
    const elapsedMs = this.lastEventMs;
    const finished = this.responses + Object.values(this.transportErrors).reduce((a, b) => a + b, 0);
    return {
      responses: this.responses,
      statusCounts: this.statusCounts,
      transportErrors: this.transportErrors,
      cutOffAtStop: ended.cutOffAtStop,
      unanswered: ended.unanswered,
      truncatedResponses: this.truncated,
      intervalMs: this.intervalMs,
      series,
      latency: this.latency.summary(),
      elapsedMs,
      requestsPerSecond: elapsedMs > 0 ? (finished * 1000) / elapsedMs : 0,
      clientTimeoutMs,
      startedAtEpochMs,
    };
  }

  private interval(atMs: number): IntervalCounts {
    this.lastEventMs = Math.max(this.lastEventMs, atMs);
    const index = Math.floor(atMs / this.intervalMs);
    let interval = this.intervals.get(index);
    if (!interval) {
      interval = { startMs: index * this.intervalMs, statuses: {}, transportErrors: 0 };
      this.intervals.set(index, interval);
    }
    return interval;
  }
}
