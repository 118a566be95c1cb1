/**
 * What the run's DNS server answers (pure): the names it serves, each backed by the containers
 * whose current addresses answer it, their TTL, and how the server fails when it is told to.
 */
import { RCODE, TYPE_A, type DnsQuery } from './dns-message.js';

export const DNS_BEHAVIORS = ['answer', 'servfail', 'refused', 'silent'] as const;
export type DnsBehavior = (typeof DNS_BEHAVIORS)[number];

export interface DnsServerConfig {
  /** served name (lower case, as queried) → the container host names whose addresses answer it */
  names: Record<string, string[]>;
  ttlSeconds: number;
  /** answer: records, or "not found" for other names; servfail, refused: that code to every query; silent: no answer at all */
  behavior: DnsBehavior;
}

export type DnsDecision =
  | { kind: 'ignore' }
  /** answer with this code; for a served name asked for A records, with the addresses of these hosts */
  | { kind: 'respond'; rcode: number; lookup: readonly string[] };

export function decide(config: DnsServerConfig, query: DnsQuery): DnsDecision {
  switch (config.behavior) {
    case 'silent': return { kind: 'ignore' };
    case 'servfail': return { kind: 'respond', rcode: RCODE.serverFailure, lookup: [] };
    case 'refused': return { kind: 'respond', rcode: RCODE.refused, lookup: [] };
    case 'answer': {
      const hosts = Object.hasOwn(config.names, query.name) ? config.names[query.name]! : undefined;
      if (!hosts) return { kind: 'respond', rcode: RCODE.nameError, lookup: [] };
      return { kind: 'respond', rcode: RCODE.noError, lookup: query.type === TYPE_A ? hosts : [] };
    }
  }
}
