import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyCommands, burstBytes, clearCommands, setupCommands } from '../../../harness/runtime/network-fault/fault-commands.js';

const target = { port: 8080, delayProxyPort: 18080 };

/** What iptables-restore reads: the lines printf writes (run by a real shell). */
function restoreInput(command: string): string[] {
  const printf = command.slice(0, command.indexOf(' | iptables-restore'));
  return execFileSync('sh', ['-c', printf], { encoding: 'utf8' }).trimEnd().split('\n');
}

const FLUSH_FILTER = ['*filter', '-F BADGATEWAY-IN', '-F BADGATEWAY-OUT'];

describe('network fault commands', () => {
  it('hooks chains of their own into INPUT, OUTPUT and nat PREROUTING', () => {
    expect(setupCommands()).toEqual([
      'iptables -w -N BADGATEWAY-IN', 'iptables -w -A INPUT -j BADGATEWAY-IN',
      'iptables -w -N BADGATEWAY-OUT', 'iptables -w -A OUTPUT -j BADGATEWAY-OUT',
      'iptables -w -t nat -N BADGATEWAY-NAT', 'iptables -w -t nat -A PREROUTING -j BADGATEWAY-NAT',
    ]);
  });

  it('clears by flushing only its own chains, in one --noflush transaction, and the root qdisc', () => {
    const [restore, tc] = clearCommands();
    expect(restore).toMatch(/\| iptables-restore -w --noflush$/);
    expect(restoreInput(restore!)).toEqual([...FLUSH_FILTER, 'COMMIT', '*nat', '-F BADGATEWAY-NAT', 'COMMIT']);
    expect(tc).toBe('tc qdisc del dev eth0 root 2>/dev/null || true');
  });

  it('drops or rejects what comes to the service port only, replacing the fault that was on', () => {
    expect(restoreInput(applyCommands({ kind: 'drop' }, target)[0]!)).toEqual([
      ...FLUSH_FILTER, '-A BADGATEWAY-IN -i eth0 -p tcp --dport 8080 -j DROP', 'COMMIT', '*nat', '-F BADGATEWAY-NAT', 'COMMIT',
    ]);
    expect(restoreInput(applyCommands({ kind: 'reject', with: 'host-unreachable' }, target)[0]!)[3]).toBe('-A BADGATEWAY-IN -i eth0 -p tcp --dport 8080 -j REJECT --reject-with icmp-host-unreachable');
    expect(restoreInput(applyCommands({ kind: 'reject', with: 'tcp-reset' }, target)[0]!)[3]).toMatch(/--reject-with tcp-reset$/);
    expect(applyCommands({ kind: 'drop' }, target)[1]).toBe('tc qdisc del dev eth0 root 2>/dev/null || true');
  });

  it('loses packets both ways at random, redirects to the delaying proxy, shapes with tbf', () => {
    expect(restoreInput(applyCommands({ kind: 'loss', probability: 0.25 }, target)[0]!).slice(3, 5)).toEqual([
      '-A BADGATEWAY-IN -i eth0 -p tcp --dport 8080 -m statistic --mode random --probability 0.2500 -j DROP',
      '-A BADGATEWAY-OUT -o eth0 -p tcp --sport 8080 -m statistic --mode random --probability 0.2500 -j DROP',
    ]);
    expect(restoreInput(applyCommands({ kind: 'latency', delay: '200ms' }, target)[0]!)).toContain('-A BADGATEWAY-NAT -i eth0 -p tcp --dport 8080 -j REDIRECT --to-ports 18080');
    expect(applyCommands({ kind: 'bandwidth', rate: '2mbit' }, target).slice(1)).toEqual([
      'tc qdisc del dev eth0 root 2>/dev/null || true',
      'tc qdisc add dev eth0 root tbf rate 2mbit burst 5000 latency 400ms',
    ]);
  });

  it('sizes the bucket to 20 ms of the rate, never under two full packets', () => {
    expect(burstBytes('512kbit')).toBe(3000);
    expect(burstBytes('100mbit')).toBe(250_000);
  });
});
