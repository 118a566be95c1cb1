/**
 * The intended start time of every request of the open model (pure). Arrivals are points of a
 * unit-rate process (evenly spaced, or Poisson: exponential gaps) mapped through the inverse of
 * the cumulative rate Λ(t), so constant rates, steps and linear ramps share one clock and one
 * formula, and a Poisson schedule has the declared rate on average everywhere.
 */
import type { ArrivalPlan, ArrivalSegment } from '../load-driver.js';
import { seededRandom } from '../../seeded-random.js';

interface Piece extends ArrivalSegment {
  startMs: number;
  /** Λ at the start of the piece (expected arrivals before it) */
  startCount: number;
  count: number;
}

export class ArrivalSchedule {
  private readonly pieces: Piece[] = [];
  private readonly random: () => number;
  private unit = 0;
  private piece = 0;
  private emitted = 0;
  /** the end of the schedule, ms */
  readonly endMs: number;
  /** expected arrivals in all (exact for constant), within the request limit */
  readonly expected: number;
  /** Λ at the end: the declared number of arrivals (before the request limit) */
  readonly meanCount: number;

  constructor(private readonly plan: Pick<ArrivalPlan, 'process' | 'segments' | 'seed'>, private readonly limit = Infinity) {
    let startMs = 0;
    let startCount = 0;
    for (const segment of plan.segments) {
      const count = ((segment.fromPerSecond + segment.toPerSecond) / 2) * (segment.durationMs / 1000);
      this.pieces.push({ ...segment, startMs, startCount, count });
      startMs += segment.durationMs;
      startCount += count;
    }
    this.endMs = startMs;
    this.expected = Math.min(Math.ceil(startCount - 1e-9), limit);
    this.meanCount = startCount;
    this.random = seededRandom(plan.seed);
  }

  /** The next intended start (ms from the load's start), or undefined when the schedule is over. */
  next(): number | undefined {
    if (this.emitted >= this.limit) return undefined;
    // constant: the k-th arrival at Λ = k (the first at time 0); poisson: exponential gaps
    const unit = this.plan.process === 'poisson' ? this.unit + -Math.log(1 - this.random()) : this.emitted === 0 ? 0 : this.unit + 1;
    while (this.piece < this.pieces.length && unit >= this.pieces[this.piece]!.startCount + this.pieces[this.piece]!.count - 1e-9) this.piece++;
    if (this.piece >= this.pieces.length) return undefined;
    this.unit = unit;
    this.emitted++;
    return timeOf(this.pieces[this.piece]!, unit);
  }
}

/** Inverse of Λ inside a piece: r(t) = a + b·t, Λ(t) = a·t + b·t²/2. */
function timeOf(piece: Piece, unit: number): number {
  const n = unit - piece.startCount;
  const a = piece.fromPerSecond / 1000;
  const b = (piece.toPerSecond - piece.fromPerSecond) / 1000 / piece.durationMs;
  if (Math.abs(b) < 1e-15) return piece.startMs + n / a;
  const t = (-a + Math.sqrt(Math.max(a * a + 2 * b * n, 0))) / b;
  return piece.startMs + Math.min(Math.max(t, 0), piece.durationMs);
}
