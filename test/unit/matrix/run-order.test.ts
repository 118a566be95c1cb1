import { describe, expect, it } from 'vitest';
import { NginxConfigError, RuntimeStartError, ScenarioError, UsageError } from '../../../harness/errors.js';
import { aloneAfterBeside, decidedByInput, estimatedSeconds, runPhases, runsAgainAlone, runsAloneBecause, runUnits } from '../../../harness/matrix/run-order.js';
import { toVariantError, type VariantOutcome, type VariantResult } from '../../../harness/report/run-report.js';
import type { Verdict } from '../../../harness/expect/verdict.js';
import type { VariantPlan } from '../../../harness/scenario/expand.js';

type Item = Pick<VariantPlan, 'load' | 'chaos'> & { scenario: string };

const closed = { connections: 8, requests: 100 } as VariantPlan['load'];
const open = { ...closed, arrival: { process: 'constant' } } as unknown as VariantPlan['load'];
const chaos = (action: string) => [{ action }] as unknown as VariantPlan['chaos'];

function item(scenario: string, extra: Partial<Item> = {}): Item {
  return { scenario, load: closed, chaos: [], ...extra };
}

describe('runsAloneBecause', () => {
  it('names an open-model load and chaos through the engine; a closed load and a behaviour switch share', () => {
    expect(runsAloneBecause(item('a'))).toBeUndefined();
    expect(runsAloneBecause(item('a', { chaos: chaos('set-behavior') }))).toBeUndefined();
    expect(runsAloneBecause(item('a', { load: open }))).toBe('open-model load');
    expect(runsAloneBecause(item('a', { chaos: chaos('restart') }))).toBe('chaos restart through the Docker Engine');
    expect(runsAloneBecause(item('a', { chaos: [...chaos('set-behavior'), ...chaos('pause')] }))).toBe('chaos pause through the Docker Engine');
  });
});

describe('runUnits', () => {
  it('keeps a scenario\'s variants together in order, and a scenario with one variant that must run alone runs alone whole', () => {
    const items = [item('a'), item('a'), item('b'), item('b', { chaos: chaos('kill') }), item('c')];
    expect(runUnits(items, (i) => items[i]!.scenario)).toEqual([
      { items: [0, 1], alone: false, seconds: 9 },
      { items: [2, 3], alone: true, seconds: 9 },
      { items: [4], alone: false, seconds: 4.5 },
    ]);
  });

  it('splits the same scenario in two repeats into two units', () => {
    const items = [item('a'), item('a'), item('a'), item('a')];
    expect(runUnits(items, (i) => `${Math.floor(i / 2)}:${items[i]!.scenario}`).map((u) => u.items)).toEqual([[0, 1], [2, 3]]);
  });
});

describe('estimatedSeconds', () => {
  it('is the planned sending time, at most 2 s for a load bounded by requests, plus 2.5 s', () => {
    expect(estimatedSeconds({ load: { connections: 8, durationMs: 8000 } as VariantPlan['load'] })).toBe(10.5);
    expect(estimatedSeconds({ load: { connections: 8, requests: 400, durationMs: 10_000 } as VariantPlan['load'] })).toBe(4.5);
    expect(estimatedSeconds({ load: { connections: 8, requests: 40 } as VariantPlan['load'] })).toBe(4.5);
    expect(estimatedSeconds({ load: { connections: 8, stages: [{ durationMs: 1000 }, { durationMs: 3000 }] } as unknown as VariantPlan['load'] })).toBe(6.5);
    expect(estimatedSeconds({ load: { connections: 8, requests: 3000, arrival: { segments: [{ durationMs: 10_000 }] } } as unknown as VariantPlan['load'] })).toBe(12.5);
  });
});

describe('runPhases', () => {
  const units = [
    { items: [0], alone: false, seconds: 3 },
    { items: [1], alone: true, seconds: 3 },
    { items: [2], alone: false, seconds: 9 },
    { items: [3], alone: true, seconds: 3 },
    { items: [4], alone: false, seconds: 3 },
  ];

  it('runs everything in order, one at a time, with one job', () => {
    expect(runPhases(units, 1)).toEqual([{ jobs: 1, units }]);
  });

  it('runs what must run alone first, one at a time in order, then the rest n at a time, the longest first', () => {
    expect(runPhases(units, 3)).toEqual([
      { jobs: 1, units: [units[1], units[3]] },
      { jobs: 3, units: [units[2], units[0], units[4]] },
    ]);
    expect(runPhases(units.filter((u) => !u.alone), 2)).toEqual([{ jobs: 2, units: [units[2], units[0], units[4]] }]);
    expect(runPhases([], 2)).toEqual([]);
  });
});

describe('runsAgainAlone', () => {
  const result = (outcome: VariantOutcome, error?: unknown) => ({ outcome, ...(error !== undefined ? { error: toVariantError(error) } : {}) });
  // what nginx -t printed, as the run's NginxConfigError carries it
  const rejected = (output: string) => result('error', new NginxConfigError(output, 'events {}'));
  const BAD_VALUE = 'nginx: [emerg] "proxy_busy_buffers_size" must be less than the size of all "proxy_buffers" minus one buffer in /etc/nginx/nginx.conf:31\nnginx: configuration file /etc/nginx/nginx.conf test failed';
  const UNRESOLVED = 'nginx: [emerg] host not found in upstream "app:8080" in /etc/nginx/nginx.conf:23\nnginx: configuration file /etc/nginx/nginx.conf test failed';
  const NO_MEMORY = 'nginx: [emerg] mmap(MAP_ANON|MAP_SHARED, 52428800) failed (12: Cannot allocate memory)\nnginx: configuration file /etc/nginx/nginx.conf test failed';
  const DISK_FULL = 'nginx: [alert] could not open error log file: open() "/var/log/nginx/error.log" failed (28: No space left on device)';

  it('runs again what did not pass because of the machine, maybe: a failed or inconclusive verdict, an infrastructure fault, a bug, not run', () => {
    expect(runsAgainAlone([result('passed'), result('failed')])).toBe(true);
    expect(runsAgainAlone([result('inconclusive')])).toBe(true);
    expect(runsAgainAlone([result('error', new RuntimeStartError('nginx did not become ready within 10s'))])).toBe(true);
    expect(runsAgainAlone([result('error', new Error('undefined is not a function'))])).toBe(true);
    expect(runsAgainAlone([result('passed'), undefined])).toBe(true);
  });

  it('leaves what passed, and an error the input decides: alone it comes out the same', () => {
    expect(runsAgainAlone([result('passed'), result('passed')])).toBe(false);
    expect(runsAgainAlone([result('error', new UsageError('load.rate runs only when the load runs on this machine'))])).toBe(false);
    expect(runsAgainAlone([result('passed'), result('error', new ScenarioError(['a.yaml:3:1 load: required']))])).toBe(false);
    expect(runsAgainAlone([rejected(BAD_VALUE), result('passed')])).toBe(false);
  });

  it('runs the whole unit again when one of its results may differ, whatever the others got', () => {
    expect(runsAgainAlone([rejected(BAD_VALUE), result('failed')])).toBe(true);
    expect(runsAgainAlone([result('error', new UsageError('x')), result('inconclusive')])).toBe(true);
  });

  it('takes nginx -t\'s rejection for the machine\'s when nginx names a failed system call or a name it could not resolve', () => {
    expect(decidedByInput(rejected(BAD_VALUE).error)).toBe(true);
    expect(decidedByInput(rejected(UNRESOLVED).error)).toBe(false);
    expect(decidedByInput(rejected(NO_MEMORY).error)).toBe(false);
    expect(decidedByInput(rejected(DISK_FULL).error)).toBe(false);
    // the same words from anything but a NginxConfigError (here a bug's) decide nothing
    expect(decidedByInput(toVariantError(new Error(`nginx -t rejected the rendered config:\n${BAD_VALUE}`)))).toBe(false);
    expect(decidedByInput(undefined)).toBe(false);
  });
});

describe('aloneAfterBeside', () => {
  const verdict = (expectation: string, pass: boolean): Verdict => ({ expectation, expected: '>= 10%', measured: pass ? '53%' : '5.2%', measuredValue: pass ? 53 : 5.2, pass, result: pass ? 'pass' : 'fail', source: 'client' });
  const result = (outcome: VariantOutcome, verdicts: Verdict[]): VariantResult => ({ scenario: 's', variant: 'v', file: 's.yaml', outcome, verdicts });

  it('keeps the alone run\'s result, with the outcome beside the others and the verdicts that did not pass there', () => {
    const alone = result('passed', [verdict('status.502', true), verdict('status.504', true)]);
    const kept = aloneAfterBeside(alone, result('failed', [verdict('status.502', false), verdict('status.504', true)]));
    expect(kept.outcome).toBe('passed');
    expect(kept.verdicts).toEqual(alone.verdicts);
    expect(kept.besideOthers).toBe('failed');
    expect(kept.besideOthersNotPassed?.map((v) => `${v.expectation}: ${v.measured}`)).toEqual(['status.502: 5.2%']);
  });

  it('has no list when beside the others it errored before any verdict', () => {
    const kept = aloneAfterBeside(result('passed', []), result('error', []));
    expect(kept.besideOthers).toBe('error');
    expect(kept).not.toHaveProperty('besideOthersNotPassed');
  });
});
