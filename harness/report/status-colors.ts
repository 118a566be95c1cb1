/**
 * One color per outcome, the same in every chart and legend: greens for success, blue for
 * redirects, amber for client errors, and a distinct hue for each gateway failure (502 red,
 * 504 magenta, 503 orange, 500 purple), so a mix of 502 and 504 reads at a glance.
 */

const BY_STATUS: Record<string, string> = {
  '200': '#2f9e5b',
  '499': '#9aa3ad',
  '500': '#7d4fb3',
  '502': '#d63e3e',
  '503': '#ee8a2b',
  '504': '#b7327a',
};

const BY_CLASS: Record<string, string> = {
  '1': '#6c8ebf',
  '2': '#6cc08b',
  '3': '#3f7dd1',
  '4': '#e3b341',
  '5': '#a3423b',
};

/** The color of transport errors (requests that ended without a status). */
export const TRANSPORT_COLOR = '#3d4450';

/** Outcomes that are not an HTTP status, such as nginx's HTTP/0.9 "009". */
const OTHER_COLOR = '#8a8f98';

export function statusColor(status: string): string {
  return BY_STATUS[status] ?? (/^[1-5]\d\d$/.test(status) ? BY_CLASS[status[0] ?? ''] : undefined) ?? OTHER_COLOR;
}

/** Stacking order: successes at the bottom, failures above them, transport errors on top. */
export function compareStatus(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The css class of an outcome pill: ok, warn or bad. */
export function statusTone(status: string): 'ok' | 'warn' | 'bad' | 'neutral' {
  if (/^[23]\d\d$/.test(status)) return 'ok';
  if (/^4\d\d$/.test(status)) return 'warn';
  if (/^5\d\d$/.test(status)) return 'bad';
  return 'neutral';
}
