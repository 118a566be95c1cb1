/**
 * The run's DNS server, which nginx asks when its resolver is dns-server: which names it serves
 * (each backend and replica, under a domain or bare), the TTL of its answers, and how it fails.
 */
import { z } from 'zod';
import { DNS_BEHAVIORS } from '../../backends/dns/dns-config.js';
import { HOST_NAME } from './host-name.js';
import { durationSchema } from './schema-parts.js';

const fields = {
  domain: z
    .string()
    .regex(HOST_NAME, 'is not a DNS name (lower case, e.g. svc.cluster.local)')
    .describe('Names are served as <backend>.<domain> and <replica>.<domain> (e.g. app.svc.cluster.local); bare (app, app-1) when omitted.'),
  ttl: durationSchema(3_600_000).describe('TTL of the answers (whole seconds); nginx caches them that long unless resolver_valid says otherwise.'),
  behavior: z.enum(DNS_BEHAVIORS).describe('answer: the backends\' current addresses, "not found" for other names; servfail, refused: that answer to every query; silent: no answer at all.'),
};

export const dnsSchema = z.strictObject({
  domain: fields.domain.optional(),
  ttl: fields.ttl.default('5s'),
  behavior: fields.behavior.default('answer'),
});

/** What a variant may change (no defaults: they would replace the scenario's values). */
export const dnsOverrideSchema = z.strictObject(fields).partial();

export type DnsSpec = z.output<typeof dnsSchema>;
