/**
 * The timeouts a user's config sets, as the template parameters of the same names, so the client
 * timeout can be chosen above them. The largest value anywhere in the config wins; nginx's
 * defaults (60s) stand where the config sets nothing (pure).
 */
import { parseDurationMs } from '../../scenario/units.js';
import type { Directive } from './nginx-conf-parser.js';

const TIMEOUTS = ['proxy_connect_timeout', 'proxy_send_timeout', 'proxy_read_timeout', 'proxy_next_upstream_timeout'];

export function configTimeouts(directives: readonly Directive[]): Record<string, string> {
  const found: Record<string, number> = { proxy_connect_timeout: 60_000, proxy_send_timeout: 60_000, proxy_read_timeout: 60_000, proxy_next_upstream_timeout: 0 };
  let tries = 0;
  const written = new Set<string>();
  const walk = (list: readonly Directive[]) => {
    for (const d of list) {
      if (TIMEOUTS.includes(d.name)) {
        const ms = nginxTimeMs(d.args[0] ?? '');
        if (ms !== undefined) {
          // The largest value written anywhere; nginx's default only stands where nothing is written.
          found[d.name] = written.has(d.name) ? Math.max(found[d.name]!, ms) : ms;
          written.add(d.name);
        }
      }
      if (d.name === 'proxy_next_upstream_tries') tries = Math.max(tries, Number(d.args[0]) || 0);
      if (d.block) walk(d.block);
    }
  };
  walk(directives);
  return { ...Object.fromEntries(Object.entries(found).map(([k, ms]) => [k, `${ms}ms`])), proxy_next_upstream_tries: String(tries) };
}

/** nginx time values: "30", "30s", "500ms", "1m", "1h30m" (a bare number is seconds). */
export function nginxTimeMs(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const parts = text.match(/\d+(ms|s|m|h|d)/g);
  if (!parts || parts.join('') !== text) return undefined;
  return parts.reduce((sum, part) => sum + (part.endsWith('d') ? Number(part.slice(0, -1)) * 86_400_000 : parseDurationMs(part)!), 0);
}
