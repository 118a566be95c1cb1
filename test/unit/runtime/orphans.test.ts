import { describe, expect, it } from 'vitest';
import { orphansOf } from '../../../harness/runtime/cleanup.js';
import { LABEL_LEASED, LABEL_OWNER, LABEL_RUN } from '../../../harness/runtime/labels.js';
import { LEASE_START_GRACE_MS, liveLeases } from '../../../harness/runtime/run-lease.js';

const leased = (runId: string, owner = 'ci-host:4242') => ({ [LABEL_RUN]: runId, [LABEL_OWNER]: owner, [LABEL_LEASED]: 'true' });
const legacy = (runId: string, owner: string) => ({ [LABEL_RUN]: runId, [LABEL_OWNER]: owner });
const nobodyAlive = () => false;
const everyoneAlive = () => true;

describe('orphansOf', () => {
  it('keeps a run whose lease is alive even when its pid means nothing here (another PID namespace, same host name)', () => {
    // The case host:pid got wrong: a live run in a container with the host's name, pid 7 in its namespace.
    const labels = [leased('live', 'ci-host:7'), leased('live', 'ci-host:7')];
    expect(orphansOf(labels, new Set(['live']), 'ci-host', nobodyAlive)).toEqual([]);
  });

  it('takes a run whose lease is gone for a dead one, even when a process with its pid runs here', () => {
    const labels = [leased('dead', 'ci-host:1')];
    expect(orphansOf(labels, new Set(), 'ci-host', everyoneAlive)).toEqual(['dead']);
  });

  it('judges resources of older versions (no lease label) by host:pid, on this host only', () => {
    const labels = [legacy('old-dead', 'ci-host:10'), legacy('old-live', 'ci-host:11'), legacy('elsewhere', 'other-host:10')];
    expect(orphansOf(labels, new Set(), 'ci-host', (pid) => pid === 11)).toEqual(['old-dead']);
  });

  it('lists each run once and ignores resources without a run id', () => {
    const labels = [leased('a'), leased('a'), leased('b'), { [LABEL_LEASED]: 'true' }];
    expect(orphansOf(labels, new Set(['b']), 'ci-host', nobodyAlive)).toEqual(['a']);
  });
});

describe('liveLeases', () => {
  const now = 1_000_000_000;
  it('counts a running lease, and a created one only while it may still be starting', () => {
    const live = liveLeases([
      { runId: 'running', state: 'running', createdMs: now - 3_600_000 },
      { runId: 'starting', state: 'created', createdMs: now - 1_000 },
      { runId: 'never-started', state: 'created', createdMs: now - LEASE_START_GRACE_MS - 1 },
      { runId: 'exited', state: 'exited', createdMs: now - 1_000 },
    ], now);
    expect([...live].sort()).toEqual(['running', 'starting']);
  });
});
