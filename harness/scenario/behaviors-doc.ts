/**
 * docs/behaviors.md, generated from the behaviour schemas and the real app servers' schemas: per
 * kind, a table of its fields with defaults and descriptions, what the FastCGI transport and unix
 * sockets change, then TLS to the backends, DNS and network faults (network-doc.ts) (pure).
 */
import { z } from 'zod';
import { appServerSchema } from '../../backends/app-servers/schemas.js';
import { behaviorSchema } from '../../backends/behaviors/schemas.js';
import { APP_SERVERS_INTRO, FASTCGI_TRANSPORT } from './app-servers-doc.js';
import { renderNetworkDoc } from './network-doc.js';
import { fieldTable, type JsonObject } from './schema-doc-table.js';

export function renderBehaviorsDoc(): string {
  return [...behaviorLines(), ...FASTCGI_TRANSPORT, ...APP_SERVERS_INTRO, ...kindSections(appServerSchema, '##'), ...renderNetworkDoc()].join('\n');
}

function behaviorLines(): string[] {
  const lines = [
    '# Backend behaviours',
    '',
    'Generated from the behaviour schemas (`backends/behaviors/<kind>/schema.ts`) by',
    '`node scripts/behaviors-doc.mjs > docs/behaviors.md`. A scenario picks one with',
    '`behavior: { kind: <kind>, ... }`; every fake backend runs unprivileged, with its memory limit,',
    'and answers its control port (stats, a new behaviour at run time) where nginx does not proxy.',
    '',
  ];
  return [...lines, ...kindSections(behaviorSchema, '##')];
}

/** A section per kind of a discriminated union: its fields, defaults and descriptions (nested objects in one row). */
function kindSections(union: z.ZodType, heading: string): string[] {
  const schema = z.toJSONSchema(union, { io: 'input', unrepresentable: 'any' }) as { oneOf?: JsonObject[]; anyOf?: JsonObject[] };
  const lines: string[] = [];
  for (const kind of schema.oneOf ?? schema.anyOf ?? []) {
    const name = kind.properties?.kind?.const ?? 'unknown';
    lines.push(`${heading} \`${name}\``, '', ...fieldTable(kind), '');
  }
  return lines;
}
