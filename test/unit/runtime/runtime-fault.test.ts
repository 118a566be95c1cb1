import { describe, expect, it } from 'vitest';
import { EngineFaultError, UsageError } from '../../../harness/errors.js';
import { runtimeFault } from '../../../harness/runtime/runtime-fault.js';
import { toVariantError } from '../../../harness/report/run-report.js';

/** an error as dockerode gives it for an engine answer */
const engineError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });

describe('runtimeFault', () => {
  it('calls a 5xx the engine answered an infrastructure fault, naming the variant and the engine\'s words', () => {
    const fault = runtimeFault(engineError(500, '(HTTP code 500) server error - cannot start a stopped process: unknown\nmore'), 'merge-a/ok');
    expect(fault).toBeInstanceOf(EngineFaultError);
    expect(toVariantError(fault)).toMatchObject({ kind: 'infrastructure', message: 'merge-a/ok: the Docker Engine failed a request ((HTTP code 500) server error - cannot start a stopped process: unknown).' });
    expect((fault as EngineFaultError).hint).toContain('engine\'s log');
  });

  it('calls a 404 something outside the run removing what it used', () => {
    const fault = runtimeFault(engineError(404, 'no such container: abc'), 's/v');
    expect(toVariantError(fault)).toMatchObject({ kind: 'infrastructure' });
    expect((fault as Error).message).toContain('something outside badgateway removed or stopped it');
  });

  it('leaves a 4xx badgateway caused, and errors of its own, as they are', () => {
    const bad = engineError(400, 'invalid mount config');
    expect(runtimeFault(bad, 's/v')).toBe(bad);
    expect(toVariantError(runtimeFault(bad, 's/v')).kind).toBe('internal');
    const own = new UsageError('x');
    expect(runtimeFault(own, 's/v')).toBe(own);
    const plain = new TypeError('undefined is not a function');
    expect(runtimeFault(plain, 's/v')).toBe(plain);
  });
});
