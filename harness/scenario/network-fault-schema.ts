/**
 * Network faults applied to a backend from inside its network namespace (a firewall rule, a
 * queueing discipline, a delaying proxy): from the start (a backend's network_fault) or as chaos
 * actions that turn them on and off during the load (network-fault, network-clear).
 */
import { z } from 'zod';
import { durationSchema, probabilitySchema } from './schema-parts.js';

export const REJECT_WITH = ['host-unreachable', 'tcp-reset', 'port-unreachable', 'net-unreachable', 'admin-prohibited'] as const;
const RATE = /^[1-9]\d{0,5}(kbit|mbit)$/;

export const networkFaultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('drop') }).describe('drop: a firewall drops every packet to the service port; connects time out (the SYN is never answered).'),
  z
    .strictObject({
      kind: z.literal('reject'),
      with: z.enum(REJECT_WITH).default('host-unreachable').describe('The firewall\'s answer: an ICMP host-unreachable (errno 113), net-unreachable (101), admin-prohibited (113) or port-unreachable (111), or a TCP reset (111).'),
    })
    .describe('reject: a firewall rejects every packet to the service port. A TCP reset fails every connect at once; an ICMP error fails about one connect per second at once (Linux rate-limits ICMP errors, net.ipv4.icmp_ratelimit), the others wait for their SYN resend.'),
  z
    .strictObject({ kind: z.literal('latency'), delay: durationSchema(60_000).describe('How long each chunk the backend sends is held.') })
    .describe('latency: what the backend sends reaches nginx this much later (a delaying proxy stands in for netem: connects are not delayed).'),
  z
    .strictObject({ kind: z.literal('loss'), probability: probabilitySchema.describe('Share of packets dropped, to and from the service port, each at random.') })
    .describe('loss: packets to and from the service port are dropped at random (lost SYNs are resent after 1 s, then 3 s).'),
  z
    .strictObject({ kind: z.literal('bandwidth'), rate: z.string().regex(RATE, 'must be a rate in kbit or mbit (e.g. 512kbit, 2mbit)').describe('The rate, e.g. 2mbit.') })
    .describe("bandwidth: the backend's outgoing traffic is shaped to this rate (a token bucket, tbf)."),
], { error: 'must have a known kind (drop, reject, latency, loss, bandwidth)' });

export type NetworkFault = z.output<typeof networkFaultSchema>;
