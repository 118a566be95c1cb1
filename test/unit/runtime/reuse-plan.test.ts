import { describe, expect, it } from 'vitest';
import { planBackendReuse, resetsInto, reusable, sameSpec, type ParkedBackend } from '../../../harness/runtime/reuse-plan.js';
import type { BackendInstanceSpec } from '../../../harness/runtime/runtime.js';

function spec(alias: string, behavior: Record<string, unknown> = { kind: 'ok', status: 200, body_bytes: 2 }, extra: Partial<BackendInstanceSpec> = {}): BackendInstanceSpec {
  const [backend, replica] = alias.split('-');
  return { backend: backend!, replica: Number(replica), alias, behavior: behavior as BackendInstanceSpec['behavior'], protocol: 'http', port: 8080, memoryBytes: 256 * 2 ** 20, restart: 'no', shutdown: 'abrupt', ...extra };
}

function parked(s: BackendInstanceSpec, state: Partial<ParkedBackend> = {}): ParkedBackend {
  return { spec: s, touched: false, running: true, paused: false, oomKilled: false, restartCount: 0, ...state };
}

describe('reusable: the network features', () => {
  const tls = { issuer: 'internal-ca', validity: 'current', names: ['backend'], requireSni: false, handshake: 'complete' } as unknown as NonNullable<BackendInstanceSpec['tls']>;

  it('never keeps a replica with a network fault planned (its namespace keeps the rules) or one chaos replace swaps', () => {
    expect(reusable(parked(spec('app-1', undefined, { network: { initial: { kind: 'drop' } } })))).toBe(false);
    expect(reusable(parked(spec('app-1', undefined, { network: { latencyMs: 400 } })))).toBe(false);
    expect(reusable(parked(spec('app-1', undefined, { replacements: 1 })))).toBe(false);
  });

  it('keeps a TLS backend (nginx gets a new master, so no session survives) unless its handshakes stall', () => {
    expect(reusable(parked(spec('app-1', undefined, { tls })))).toBe(true);
    expect(reusable(parked(spec('app-1', undefined, { tls: { ...tls, handshake: 'stall' } })))).toBe(false);
  });
});

describe('reusable', () => {
  it('keeps a healthy backend whose behaviour resets in place', () => {
    expect(reusable(parked(spec('app-1')))).toBe(true);
    expect(reusable(parked(spec('app-1', { kind: 'slow', delay: '200ms', status: 200, body_bytes: 2, phase: 'header' })))).toBe(true);
    // raw sockets on a listener of their own, worker threads: the reset closes and ends them, and starts anew
    for (const kind of ['reset', 'garbage', 'invalid-header', 'close-mid-body', 'no-read-body', 'cpu-bound']) {
      expect(reusable(parked(spec('app-1', { kind }))), kind).toBe(true);
    }
  });

  it('never keeps one that a chaos action touched, that stopped, froze, restarted or was OOM-killed', () => {
    for (const state of [{ touched: true }, { running: false }, { paused: true }, { restartCount: 1 }, { oomKilled: true }]) {
      expect(reusable(parked(spec('app-1'), state)), JSON.stringify(state)).toBe(false);
    }
  });

  it('never keeps a behaviour with process state (threads, exits, memory, connections of its own) nor the user\'s own app', () => {
    for (const kind of ['crash', 'oom', 'backlog-full', 'refused']) {
      expect(reusable(parked(spec('app-1', { kind }))), kind).toBe(false);
    }
    const app = spec('app-1', undefined, { app: { image: 'team/app:1', env: {}, readyPath: '/health' } });
    delete app.behavior;
    expect(reusable(parked(app))).toBe(false);
  });

  it('never keeps a real app server, a backend behind the FastCGI transport or one on a unix socket', () => {
    const server = spec('app-1', undefined, { server: { kind: 'node', delay: '0ms', keep_alive_timeout: '5s' } as unknown as BackendInstanceSpec['server'] });
    delete server.behavior;
    expect(reusable(parked(server))).toBe(false);
    expect(reusable(parked(spec('app-1', undefined, { protocol: 'fastcgi' })))).toBe(false);
    expect(reusable(parked(spec('app-1', undefined, { socket: '/run/app/app.sock' })))).toBe(false);
  });
});

describe('planBackendReuse', () => {
  it('keeps equal specs by alias, replaces changed ones, removes the rest, creates the new', () => {
    const old = [parked(spec('app-1')), parked(spec('app-2')), parked(spec('db-1'))];
    const wanted = [spec('app-1'), spec('app-2', { kind: 'crash', after_requests: 5 }), spec('app-3')];
    const plan = planBackendReuse(old, wanted);
    expect(plan.keep.map((k) => k.spec.alias)).toEqual(['app-1']);
    expect(plan.remove.map((p) => p.spec.alias).sort()).toEqual(['app-2', 'db-1']);
    expect(plan.create.map((s) => s.alias)).toEqual(['app-2', 'app-3']);
  });

  it('replaces a backend whose limits or policies changed, even with the same behaviour', () => {
    for (const change of [{ memoryBytes: 512 * 2 ** 20 }, { restart: 'always' as const }, { shutdown: 'graceful' as const }]) {
      const plan = planBackendReuse([parked(spec('app-1'))], [spec('app-1', undefined, change)]);
      expect(plan.keep, JSON.stringify(change)).toEqual([]);
      expect(plan.create.map((s) => s.alias)).toEqual(['app-1']);
    }
  });

  it('replaces a backend that cannot be reset even when its spec is equal', () => {
    const crash = spec('app-1', { kind: 'crash', after_requests: 5 });
    const plan = planBackendReuse([parked(crash)], [crash]);
    expect(plan.keep).toEqual([]);
    expect(plan.remove).toHaveLength(1);
    expect(plan.create).toEqual([crash]);
  });
});

describe('sameSpec', () => {
  it('compares nested values whatever their key order, and tells any difference', () => {
    expect(sameSpec(spec('app-1', { kind: 'slow', delay: '1s', status: 200 }), spec('app-1', { status: 200, delay: '1s', kind: 'slow' }))).toBe(true);
    expect(sameSpec(spec('app-1', { kind: 'slow', delay: '1s' }), spec('app-1', { kind: 'slow', delay: '2s' }))).toBe(false);
    expect(sameSpec(spec('app-1'), spec('app-2'))).toBe(false);
  });
});

describe('resetsInto: another behaviour in the same process', () => {
  it('keeps a backend whose next behaviour is another resettable one, and nothing else changed', () => {
    const closing = spec('app-1', { kind: 'keepalive-close', idle_timeout: '2s', close_with: 'fin', status: 200, body_bytes: 2 });
    const failing = spec('app-1', { kind: 'ok', status: 503, body_bytes: 2 });
    expect(resetsInto(closing, failing)).toBe(true);
    const plan = planBackendReuse([parked(closing)], [failing]);
    expect(plan.keep).toEqual([{ parked: parked(closing), spec: failing }]);
    expect(plan.create).toEqual([]);
  });

  it('replaces it when the next behaviour keeps process state, or anything besides the behaviour changed', () => {
    const ok = spec('app-1');
    for (const next of [spec('app-1', { kind: 'crash', after_requests: 5 }), spec('app-1', { kind: 'slow', delay: '1s' }, { shutdown: 'graceful' })]) {
      expect(resetsInto(ok, next)).toBe(false);
      expect(planBackendReuse([parked(ok)], [next]).create).toEqual([next]);
    }
  });
});
