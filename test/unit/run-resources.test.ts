import { describe, expect, it } from 'vitest';
import { lossOf, missingResources, type ResourceSnapshot } from '../../harness/run-resources.js';
import type { EngineEvent } from '../../harness/runtime/engine-events.js';

const snapshot = (networks: [string, string][], nginx: [string, string, string[]][]): ResourceSnapshot => ({
  networks: new Map(networks),
  nginx: new Map(nginx.map(([id, name, nets]) => [id, { name, networks: nets }])),
});

describe('missingResources', () => {
  const before = snapshot([['n1', 'bg-run-1']], [['c1', 'bg-run-1-nginx', ['n1']]]);

  it('finds nothing when the network and nginx are as they were', () => {
    expect(missingResources(before, snapshot([['n1', 'bg-run-1']], [['c1', 'bg-run-1-nginx', ['n1']]]))).toEqual([]);
  });

  it('names a removed network, a removed or stopped nginx, and nginx cut off its network', () => {
    expect(missingResources(before, snapshot([], [['c1', 'bg-run-1-nginx', []]]))).toEqual(['network bg-run-1 was removed', "container bg-run-1-nginx is on none of the run's networks"]);
    expect(missingResources(before, snapshot([['n1', 'bg-run-1']], []))).toEqual(['container bg-run-1-nginx was removed or stopped']);
    expect(missingResources(before, snapshot([['n1', 'bg-run-1']], [['c1', 'bg-run-1-nginx', []]]))).toEqual(["container bg-run-1-nginx is on none of the run's networks"]);
    const two = snapshot([['n1', 'bg-run-1'], ['n2', 'bg-run-1b']], [['c1', 'bg-run-1-nginx', ['n1', 'n2']]]);
    expect(missingResources(two, snapshot([['n1', 'bg-run-1'], ['n2', 'bg-run-1b']], [['c1', 'bg-run-1-nginx', ['n1']]]))).toEqual(['container bg-run-1-nginx was disconnected from network bg-run-1b']);
  });

  it('ignores what appeared after the snapshot', () => {
    expect(missingResources(before, snapshot([['n1', 'bg-run-1'], ['n2', 'bg-run-2']], [['c1', 'bg-run-1-nginx', ['n1']], ['c2', 'x', ['n2']]]))).toEqual([]);
  });
});

describe('missingResources, nginx cut off before the first look', () => {
  it('names nginx on none of the run\'s networks', () => {
    const cut = snapshot([['n1', 'bg-run-1']], [['c1', 'bg-run-1-nginx', []]]);
    expect(missingResources(cut, cut)).toEqual(["container bg-run-1-nginx is on none of the run's networks"]);
  });
});

describe('lossOf: what an engine event says went away while the load runs', () => {
  const before = snapshot([['n1', 'bg-run-1']], [['c1', 'bg-run-1-nginx', ['n1']]]);
  const event = (Type: string, Action: string, ID: string, container?: string): EngineEvent => ({ Type, Action, Actor: { ID, Attributes: container !== undefined ? { container } : {} } });

  it('names the run\'s network removed, its nginx disconnected, removed or stopped', () => {
    expect(lossOf(before, event('network', 'destroy', 'n1'))).toBe('network bg-run-1 was removed');
    expect(lossOf(before, event('network', 'disconnect', 'n1', 'c1'))).toBe('container bg-run-1-nginx was disconnected from network bg-run-1');
    expect(lossOf(before, event('container', 'destroy', 'c1'))).toBe('container bg-run-1-nginx was removed or stopped');
    expect(lossOf(before, event('container', 'die', 'c1'))).toBe('container bg-run-1-nginx was removed or stopped');
  });

  it('ignores a backend disconnected by chaos, another job\'s network and nginx, and what nginx survives', () => {
    expect(lossOf(before, event('network', 'disconnect', 'n1', 'backend-1'))).toBeUndefined();
    expect(lossOf(before, event('network', 'destroy', 'n2'))).toBeUndefined();
    expect(lossOf(before, event('network', 'disconnect', 'n2', 'c1'))).toBeUndefined();
    expect(lossOf(before, event('container', 'die', 'c2'))).toBeUndefined();
    expect(lossOf(before, event('network', 'connect', 'n1', 'c1'))).toBeUndefined();
    expect(lossOf(before, event('container', 'kill', 'c1'))).toBeUndefined();
  });
});
