/**
 * Typed template parameters. Every value a scenario gives is checked against its declared type
 * and turned into the exact text that goes into nginx.conf; anything else is refused, so a
 * scenario value can never add a directive, a block or a comment.
 */
import { err, ok, type Result } from '../result.js';
import { isHostName } from '../scenario/host-name.js';
import { parseDurationMs, parseSizeBytes } from '../scenario/units.js';

export type ParamSpec =
  /** seconds: nginx reads it in whole seconds (e.g. fail_timeout), so ms are refused */
  | { type: 'duration'; default: string; min?: string; max?: string; seconds?: boolean; description: string }
  | { type: 'size'; default: string; min?: string; max?: string; description: string }
  | { type: 'integer'; default: number; min: number; max: number; description: string }
  | { type: 'enum'; default: string; values: string[]; description: string }
  | { type: 'list'; default: string; values: string[]; description: string }
  /** a DNS host name (lower case); "" when the default is nginx's own (the directive is left out) */
  | { type: 'hostname'; default: string; description: string };

export type ParamInput = string | number | boolean;

/** The value as it will appear in nginx.conf, or why it cannot. */
export function checkParam(spec: ParamSpec, input: ParamInput): Result<string> {
  const text = typeof input === 'string' ? input.trim() : String(input);
  switch (spec.type) {
    case 'duration': {
      const ms = typeof input === 'string' ? parseDurationMs(text) : undefined;
      if (ms === undefined || !/^\d+(ms|s|m|h)$/.test(text)) return err(`${JSON.stringify(input)} is not a duration; write a whole number with a unit (e.g. 500ms, 2s)`);
      if (spec.min !== undefined && ms < parseDurationMs(spec.min)!) return err(`${text} is below the minimum of ${spec.min}`);
      if (spec.max !== undefined && ms > parseDurationMs(spec.max)!) return err(`${text} is above the maximum of ${spec.max}`);
      if (spec.seconds && ms % 1000 !== 0) return err(`${text} is not a whole number of seconds (nginx reads this one in seconds)`);
      return ok(spec.seconds ? `${ms / 1000}s` : text);
    }
    case 'size': {
      const bytes = parseSizeBytes(text);
      if (bytes === undefined) return err(`${JSON.stringify(input)} is not a size (e.g. 4k, 16k, 1m)`);
      const max = spec.max ?? '64m';
      if (bytes > parseSizeBytes(max)!) return err(`${text} is above the maximum of ${max}`);
      if (spec.min !== undefined && bytes < parseSizeBytes(spec.min)!) return err(`${text} is below the minimum of ${spec.min}`);
      return ok(text);
    }
    case 'integer': {
      const n = typeof input === 'number' ? input : /^-?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(n)) return err(`${JSON.stringify(input)} is not a whole number`);
      if (n < spec.min || n > spec.max) return err(`${n} is outside ${spec.min}..${spec.max}`);
      return ok(String(n));
    }
    case 'enum': {
      const value = typeof input === 'boolean' ? (input ? 'on' : 'off') : text;
      if (!spec.values.includes(value)) return err(`${JSON.stringify(input)} is not one of ${spec.values.join(', ')}`);
      return ok(value);
    }
    case 'list': {
      const words = text.split(/\s+/).filter(Boolean);
      const unknown = words.filter((w) => !spec.values.includes(w));
      if (words.length === 0 || unknown.length > 0) {
        return err(`${JSON.stringify(input)} must be a space-separated list of ${spec.values.join(', ')}`);
      }
      return ok(words.join(' '));
    }
    case 'hostname': {
      if (typeof input !== 'string' || (text !== '' && !isHostName(text))) return err(`${JSON.stringify(input)} is not a host name (lower-case letters, digits, dashes and dots, e.g. api.internal)`);
      return ok(text);
    }
  }
}

/** The parameter's value in milliseconds when it is a duration (for the client timeout). */
export function durationParamMs(spec: ParamSpec, rendered: string): number | undefined {
  return spec.type === 'duration' ? parseDurationMs(rendered) : undefined;
}
