/**
 * Axis scales for the inline SVG charts: "nice" linear ticks (1, 2, 5 × 10^n) and a decade log
 * scale for durations that span orders of magnitude (a 1 ms connect beside a 600 ms header).
 */

export interface Tick {
  value: number;
  /** position along the axis, in pixels from its start */
  at: number;
}

export interface Scale {
  /** pixels from the start of the axis for a value; values outside the domain are clamped */
  at(value: number): number;
  ticks: Tick[];
  log: boolean;
}

/** The smallest 1, 2 or 5 × 10^n step that covers max in at most `count` steps. */
export function niceStep(max: number, count: number): number {
  if (!(max > 0)) return 1;
  const raw = max / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return step;
}

/** Linear scale from 0 to a nice ceiling of max, over `lengthPx` pixels. */
export function linearScale(max: number, lengthPx: number, tickCount = 4): Scale {
  const step = niceStep(max, tickCount);
  const top = max > 0 ? Math.ceil(max / step - 1e-9) * step : step;
  const at = (value: number) => clamp(value / top, 0, 1) * lengthPx;
  const ticks: Tick[] = [];
  for (let i = 0; i * step <= top + step / 1e6; i++) ticks.push({ value: round(i * step), at: at(i * step) });
  return { at, ticks, log: false };
}

/** Decade log scale covering every positive value; zero and below sit at the start. */
export function logScale(values: number[], lengthPx: number): Scale {
  const positive = values.filter((v) => v > 0);
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...positive))));
  const at = (value: number) => (value > 0 ? clamp((Math.log10(value) - lo) / (hi - lo), 0, 1) * lengthPx : 0);
  const ticks: Tick[] = [];
  for (let e = lo; e <= hi; e++) ticks.push({ value: round(10 ** e), at: at(10 ** e) });
  return { at, ticks, log: true };
}

/**
 * Linear when the values fit one (the largest within 100× the smallest positive one), log
 * otherwise, so that small values do not vanish into the axis.
 */
export function durationScale(values: number[], lengthPx: number): Scale {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return linearScale(0, lengthPx);
  const ratio = Math.max(...positive) / Math.min(...positive);
  return ratio > 100 ? logScale(positive, lengthPx) : linearScale(Math.max(...positive), lengthPx);
}

/** A count for an axis label: 1200 → "1.2k". */
export function shortCount(n: number): string {
  if (Math.abs(n) >= 1_000_000) return `${round(n / 1_000_000)}M`;
  if (Math.abs(n) >= 1000) return `${round(n / 1000)}k`;
  return String(round(n));
}

/** A duration for an axis label: 0.5 → "0.5ms", 1500 → "1.5s". */
export function shortMs(ms: number): string {
  if (ms >= 1000) return `${round(ms / 1000)}s`;
  return `${round(ms)}ms`;
}

/** Pixel coordinates with at most one decimal, so the SVG stays small and stable. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}
