/**
 * The part of docs/behaviors.md about a backend's network, generated from its schemas (pure):
 * TLS on a fake backend, network faults, and the run's DNS server.
 */
import { z } from 'zod';
import { dnsSchema } from './dns-schema.js';
import { networkFaultSchema } from './network-fault-schema.js';
import { fieldTable, type JsonObject } from './schema-doc-table.js';
import { backendTlsSchema } from './upstream-tls-schema.js';

const json = (schema: z.ZodType): JsonObject & { oneOf?: JsonObject[]; anyOf?: JsonObject[] } =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;

export function renderNetworkDoc(): string[] {
  const faults = json(networkFaultSchema);
  const lines = [
    '# Beside the behaviour: TLS, network faults, DNS',
    '',
    'Generated from `harness/scenario/upstream-tls-schema.ts`, `network-fault-schema.ts` and',
    '`dns-schema.ts`; what each does and does not model is in [network.md](network.md).',
    '',
    '## TLS on a backend: `tls`',
    '',
    'A fake backend that speaks TLS, for `proxy_pass_scheme: https`. Its certificate is made for the run.',
    '',
    ...fieldTable(json(backendTlsSchema)),
    '',
    '## Network faults: `network_fault`, and chaos `network-fault` / `network-clear`',
    '',
    'Applied from inside the backend\'s network namespace by the fault helper, the one container',
    'with NET_ADMIN; one fault at a time per replica (a new one replaces the one that was on).',
    '',
  ];
  for (const kind of faults.oneOf ?? faults.anyOf ?? []) {
    const about = (kind.description ?? '').replace(/^[a-z]+: /, '');
    lines.push(`### \`${kind.properties?.kind?.const ?? 'unknown'}\``, '', about.charAt(0).toUpperCase() + about.slice(1), '');
    if (Object.keys(kind.properties ?? {}).some((field) => field !== 'kind')) lines.push(...fieldTable(kind), '');
  }
  lines.push(
    "## The run's DNS server: `dns`",
    '',
    'Started when nginx\'s `resolver` is `dns-server`; a real DNS server on UDP port 53 of its own container.',
    '',
    ...fieldTable(json(dnsSchema)),
    '',
  );
  return lines;
}
