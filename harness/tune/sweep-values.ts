/**
 * The values a sweep tries: a list ("200ms,400ms,1s") or a range with a step count
 * ("200ms..2s/10": ten values from 200 ms to 2 s, evenly spaced), checked against the template
 * parameter's declared type so that only values nginx accepts are swept (pure).
 */
import { checkParam, type ParamSpec } from '../nginx/param-types.js';
import { err, ok, type Result } from '../result.js';
import { nginxDuration, parseDurationMs, parseSizeBytes } from '../scenario/units.js';

export const MAX_SWEEP_VALUES = 20;

export function sweepValues(param: string, spec: ParamSpec, text: string): Result<string[]> {
  const range = /^(\S+)\.\.(\S+)\/(\d+)$/.exec(text.trim());
  const raw = range ? rangeValues(spec, range[1]!, range[2]!, Number(range[3])) : ok(text.split(',').map((v) => v.trim()).filter(Boolean));
  if (!raw.ok) return err(`--sweep ${param}=${text}: ${raw.error}`);
  if (raw.value.length === 0 || raw.value.length > MAX_SWEEP_VALUES) return err(`--sweep ${param}=${text}: give 1 to ${MAX_SWEEP_VALUES} values`);
  const values: string[] = [];
  for (const value of raw.value) {
    const checked = checkParam(spec, spec.type === 'integer' && /^\d+$/.test(value) ? Number(value) : value);
    if (!checked.ok) return err(`--sweep ${param}=${text}: ${checked.error}`);
    values.push(checked.value);
  }
  return ok([...new Set(values)]);
}

function rangeValues(spec: ParamSpec, from: string, to: string, steps: number): Result<string[]> {
  if (steps < 2) return err('a range needs at least 2 steps (e.g. 200ms..2s/10)');
  if (spec.type === 'duration') {
    const a = parseDurationMs(from);
    const b = parseDurationMs(to);
    if (a === undefined || b === undefined || b <= a) return err(`"${from}..${to}" is not a rising range of durations`);
    return ok(Array.from({ length: steps }, (_, i) => nginxDuration(Math.round(a + ((b - a) * i) / (steps - 1)))));
  }
  if (spec.type === 'integer') {
    const a = Number(from);
    const b = Number(to);
    if (!Number.isInteger(a) || !Number.isInteger(b) || b <= a) return err(`"${from}..${to}" is not a rising range of whole numbers`);
    return ok(Array.from({ length: steps }, (_, i) => String(Math.round(a + ((b - a) * i) / (steps - 1)))));
  }
  if (spec.type === 'size' && parseSizeBytes(from) !== undefined) return err('a range of sizes is not supported; list them (e.g. 4k,8k,16k)');
  return err(`a ${spec.type} parameter takes a list of values, not a range`);
}
