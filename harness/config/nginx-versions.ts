/**
 * nginx version lines a run can ask for (`--nginx-version`, a scenario's `nginx.versions`), and
 * the images that provide them: the official `nginx:<line>` where a registry answers, elsewhere a
 * local equivalent built offline from the Debian suite that ships the line (pure).
 */
import { err, ok, type Result } from '../result.js';

/** A version line as nginx -v starts it: major.minor (1.30 covers 1.30.0 to 1.30.x). */
export const NGINX_LINE = /^1\.\d{1,2}$/;

/** The lines a Debian suite ships, so that they build offline (scripts/setup/nginx-version.sh). */
export const OFFLINE_LINES: Readonly<Record<string, { suite: string; version: string }>> = {
  '1.22': { suite: 'bookworm', version: '1.22.1' },
  '1.26': { suite: 'trixie', version: '1.26.3' },
  '1.30': { suite: 'sid', version: '1.30.6' },
};

export function officialImage(line: string): string {
  return `nginx:${line}`;
}

/** The local equivalent built offline, or undefined for a line no Debian suite here ships. */
export function localImage(line: string): string | undefined {
  const suite = OFFLINE_LINES[line]?.suite;
  return suite === undefined ? undefined : `badgateway-local/nginx:${suite}`;
}

/** `--nginx-version 1.26,1.30` (or repeated): distinct lines in the order given. */
export function parseNginxVersions(texts: readonly string[]): Result<string[], string> {
  const lines: string[] = [];
  for (const text of texts.flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean)) {
    if (!NGINX_LINE.test(text)) return err(`--nginx-version ${text} is not an nginx version line; give major.minor as nginx -v starts it, e.g. 1.26 (offline: ${Object.keys(OFFLINE_LINES).join(', ')})`);
    if (!lines.includes(text)) lines.push(text);
  }
  return ok(lines);
}

/** The line of a full version ("1.30.6" -> "1.30"), undefined when it is not one. */
export function lineOf(version: string): string | undefined {
  return /^(1\.\d{1,2})(\.\d+)?$/.exec(version)?.[1];
}
