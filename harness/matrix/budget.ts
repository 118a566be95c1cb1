/**
 * Error budgets for the gate: "failed<=1%" (5xx responses plus requests without a complete, valid
 * response), "5xx<=0.1%", "502<1%", "errors<=0" (requests without a complete, valid response),
 * turned into the expectations every failure mode is held to (pure).
 */
import { parseComparator } from '../expect/comparator.js';
import { err, ok, type Result } from '../result.js';
import type { Expectations } from '../scenario/schema.js';

const BUDGET = /^\s*([1-5](?:\d\d|xx)|errors|failed)\s*(<=|<|==|=)\s*(\d\S*)\s*$/;

export function parseBudgets(texts: readonly string[]): Result<Expectations, string[]> {
  const status: Record<string, string> = {};
  let transportErrors: string | undefined;
  let failed: string | undefined;
  const problems: string[] = [];
  for (const text of texts) {
    const match = BUDGET.exec(text);
    if (!match) {
      problems.push(`--budget ${text}: write "failed", "errors", or a status code or class, then <= or <, then a share or count (e.g. failed<=1%, 5xx<=0.1%, 502<=5, errors<=0)`);
      continue;
    }
    const comparison = `${match[2]} ${match[3]}`;
    const parsed = parseComparator(comparison);
    if (!parsed.ok || parsed.value.unit === 'duration' || parsed.value.unit === 'number') {
      problems.push(`--budget ${text}: "${match[3]}" must be a share (0.1%) or a whole count (5)`);
      continue;
    }
    if (match[1] === 'errors') transportErrors = comparison;
    else if (match[1] === 'failed') failed = comparison;
    else status[match[1]!] = comparison;
  }
  if (problems.length > 0) return err(problems);
  return ok({
    ...(Object.keys(status).length > 0 ? { status } : {}),
    ...(failed !== undefined ? { failed } : {}),
    ...(transportErrors !== undefined ? { transport_errors: transportErrors } : {}),
  });
}

/** "--upstream api=app,app2" as upstream name -> backend names. */
export function parseUpstreamMap(texts: readonly string[]): Result<Record<string, string[]>, string[]> {
  const map: Record<string, string[]> = {};
  const problems: string[] = [];
  for (const text of texts) {
    const match = /^([A-Za-z0-9_.-]+)=([a-z0-9-]+(?:,[a-z0-9-]+)*)$/.exec(text);
    if (match) map[match[1]!] = match[2]!.split(',');
    else problems.push(`--upstream ${text}: write NAME=backend[,backend] (e.g. api=app)`);
  }
  return problems.length > 0 ? err(problems) : ok(map);
}
