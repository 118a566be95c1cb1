/**
 * The shell commands that put a network fault on a backend from inside its network namespace
 * (pure): iptables rules in chains of their own (so that clearing a fault never touches the rules
 * Docker keeps there for its DNS), and a tbf queueing discipline for bandwidth. They run in the
 * fault helper, the one container that holds NET_ADMIN.
 */
import type { NetworkFault } from '../../scenario/network-fault-schema.js';
import { parseDurationMs } from '../../scenario/units.js';

export const CHAINS = { input: 'BADGATEWAY-IN', output: 'BADGATEWAY-OUT', nat: 'BADGATEWAY-NAT' } as const;
const INTERFACE = 'eth0';
const IPT = 'iptables -w';

const REJECT_WITH: Record<string, string> = {
  'host-unreachable': 'icmp-host-unreachable',
  'net-unreachable': 'icmp-net-unreachable',
  'port-unreachable': 'icmp-port-unreachable',
  'admin-prohibited': 'icmp-admin-prohibited',
  'tcp-reset': 'tcp-reset',
};

export interface FaultTarget {
  /** the backend's service port (nginx connects to it) */
  port: number;
  /** where the delaying proxy listens in the namespace */
  delayProxyPort: number;
}

/** Creates the chains, hooked into INPUT, OUTPUT and the nat table's PREROUTING. */
export function setupCommands(): string[] {
  return [
    `${IPT} -N ${CHAINS.input}`, `${IPT} -A INPUT -j ${CHAINS.input}`,
    `${IPT} -N ${CHAINS.output}`, `${IPT} -A OUTPUT -j ${CHAINS.output}`,
    `${IPT} -t nat -N ${CHAINS.nat}`, `${IPT} -t nat -A PREROUTING -j ${CHAINS.nat}`,
  ];
}

/** Removes whatever fault is on (safe when none is). */
export function clearCommands(): string[] {
  return replaceRules([], []);
}

/**
 * Replaces the fault that is on with this one: the chains' rules in one atomic iptables-restore
 * (a chaos action should take effect in one step, and quickly), then the shaper.
 */
export function applyCommands(fault: NetworkFault, target: FaultTarget): string[] {
  const inbound = `-i ${INTERFACE} -p tcp --dport ${target.port}`;
  switch (fault.kind) {
    case 'drop':
      return replaceRules([`-A ${CHAINS.input} ${inbound} -j DROP`], []);
    case 'reject':
      return replaceRules([`-A ${CHAINS.input} ${inbound} -j REJECT --reject-with ${REJECT_WITH[fault.with]!}`], []);
    case 'loss': {
      const random = `-m statistic --mode random --probability ${fault.probability.toFixed(4)}`;
      return replaceRules([
        `-A ${CHAINS.input} ${inbound} ${random} -j DROP`,
        `-A ${CHAINS.output} -o ${INTERFACE} -p tcp --sport ${target.port} ${random} -j DROP`,
      ], []);
    }
    case 'latency':
      return replaceRules([], [`-A ${CHAINS.nat} ${inbound} -j REDIRECT --to-ports ${target.delayProxyPort}`]);
    case 'bandwidth':
      return [...replaceRules([], []), `tc qdisc add dev ${INTERFACE} root tbf rate ${fault.rate} burst ${burstBytes(fault.rate)} latency ${TBF_QUEUE_MS}ms`];
  }
}

/** Our chains flushed and refilled in one transaction (--noflush leaves every other rule alone), and no shaper. */
function replaceRules(filter: string[], nat: string[]): string[] {
  const input = ['*filter', `-F ${CHAINS.input}`, `-F ${CHAINS.output}`, ...filter, 'COMMIT', '*nat', `-F ${CHAINS.nat}`, ...nat, 'COMMIT'];
  return [`printf '%s\\n' ${input.map((line) => `'${line}'`).join(' ')} | iptables-restore -w --noflush`, `tc qdisc del dev ${INTERFACE} root 2>/dev/null || true`];
}

/** How long a packet may wait in the shaper's queue before it is dropped (TCP then slows down). */
export const TBF_QUEUE_MS = 400;

/** The bucket: 20 ms at the rate, and at least two full-size packets. */
export function burstBytes(rate: string): number {
  const match = /^(\d+)(kbit|mbit)$/.exec(rate)!;
  const bitsPerSecond = Number(match[1]) * (match[2] === 'mbit' ? 1_000_000 : 1_000);
  return Math.max(3_000, Math.ceil(bitsPerSecond / 8 / 50));
}

/** The delay of a latency fault, for the delaying proxy. */
export function latencyMs(fault: NetworkFault): number | undefined {
  return fault.kind === 'latency' ? parseDurationMs(fault.delay) : undefined;
}
