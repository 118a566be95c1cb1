/** Durations and sizes as scenarios and nginx write them ("1500ms", "2s", "1m"; "4k", "1m"). */

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const DURATION_FACTOR_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds for "250ms", "2s", "1.5s", "1m"; undefined when the text is not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * DURATION_FACTOR_MS[match[2]!]!);
}

/** The duration as nginx accepts it: whole milliseconds or seconds, never a fraction. */
export function nginxDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.round(ms)}ms`;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(3))}s`;
  return `${Number(ms.toFixed(1))}ms`;
}

const SIZE = /^(\d+)([kKmM]?)$/;

/** Bytes for nginx sizes: "4096", "4k", "1m"; undefined when the text is not a size. */
export function parseSizeBytes(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase();
  return Number(match[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : 1);
}
