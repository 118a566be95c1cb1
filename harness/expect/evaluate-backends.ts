/**
 * Expectations on backends, by name, over all their replicas: OOM kill, exit code, restarts,
 * the application's own log, CPU during the load, new connections per request (pure).
 */
import type { ContainerFacts, Observation, ServedDuringLoad } from '../observe/observation.js';
import type { Expectations } from '../scenario/schema.js';
import { judge, type Measurement } from './judge.js';
import type { JudgeContext, Verdict } from './verdict.js';

type BackendExpectations = NonNullable<Expectations['backends']>;

export function evaluateBackends(expectations: BackendExpectations, observation: Observation, context: JudgeContext): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const [name, expect] of Object.entries(expectations)) {
    const replicas = observation.containers.filter((c) => c.role === 'backend' && c.backend === name);
    const path = `backends.${name}`;
    for (const field of Object.keys(expect) as (keyof typeof expect)[]) {
      if (field === 'oom_killed') {
        const killed = replicas.some((r) => r.oomKilled);
        const result = replicas.length === 0 ? 'inconclusive' : killed === expect.oom_killed ? 'pass' : 'fail';
        verdicts.push({ expectation: `${path}.oom_killed`, expected: String(expect.oom_killed), measured: describeOom(replicas), measuredValue: killed ? 1 : 0, pass: result === 'pass', result, source: 'container' });
        continue;
      }
      const input = expect[field];
      if (input === undefined) continue;
      const units = field === 'cpu_cores' || field === 'connections_per_request' ? (['number'] as const) : (['count'] as const);
      verdicts.push(judge(`${path}.${field}`, input, 'client', [...units], () => measure(field, replicas, observation), context));
    }
  }
  return verdicts.map((v) => ({ ...v, source: 'container' as const }));
}

function measure(field: string, replicas: ContainerFacts[], observation: Observation): Measurement {
  if (replicas.length === 0) return { missing: 'no such backend ran' };
  const sum = (f: (r: ContainerFacts) => number) => replicas.reduce((total, r) => total + f(r), 0);
  switch (field) {
    case 'exit_code': {
      const codes = replicas.flatMap((r) => [...r.exitCodes, ...(r.exitCode !== null ? [r.exitCode] : [])]);
      if (codes.length === 0) return { missing: 'no replica exited' };
      const code = Math.max(...codes);
      return { value: code, text: String(code) };
    }
    case 'restarts': {
      const n = sum((r) => r.restartCount);
      return { value: n, text: String(n) };
    }
    case 'app_log_lines': {
      const n = sum((r) => r.appLogLines);
      return { value: n, text: `${n} ${n === 1 ? 'line' : 'lines'}` };
    }
    case 'cpu_cores': {
      const served = answered(replicas);
      if ('missing' in served) return served;
      if (observation.timings.loadMs <= 0) return { missing: 'not measured (no load ran)' };
      const cores = served.all.reduce((t, s) => t + s.cpuSeconds, 0) / (observation.timings.loadMs / 1000);
      return { value: cores, text: `${cores.toFixed(2)} cores` };
    }
    case 'connections_per_request': {
      const served = answered(replicas);
      if ('missing' in served) return served;
      const requests = served.all.reduce((t, s) => t + s.requests, 0);
      if (requests === 0) return { missing: 'the backend received no requests' };
      const connections = served.all.reduce((t, s) => t + s.connections, 0);
      const ratio = connections / requests;
      return { value: ratio, text: `${ratio.toFixed(3)} (${connections} connections, ${requests} requests)` };
    }
    default:
      return { missing: `not compared: unknown field ${field}` };
  }
}

/** Every replica's counters, or why they cannot be summed (a replica that did not answer). */
function answered(replicas: ContainerFacts[]): { all: ServedDuringLoad[] } | { missing: string } {
  const all = replicas.map((r) => r.served).filter((s): s is ServedDuringLoad => s !== null);
  if (all.length < replicas.length) return { missing: `not measured (${replicas.length - all.length} of ${replicas.length} replica(s) did not answer their control port)` };
  return { all };
}

function describeOom(replicas: ContainerFacts[]): string {
  if (replicas.length === 0) return 'no such backend ran';
  const killed = replicas.filter((r) => r.oomKilled).length;
  return killed === 0 ? 'not OOM-killed' : `${killed} of ${replicas.length} replica(s) OOM-killed`;
}
