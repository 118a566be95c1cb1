/**
 * docs/behaviors.md, generated from the behaviour schemas: per kind, its summary (the schema file's
 * first comment line is not available at run time, so the kind's JSON Schema description is used)
 * and a table of its fields with defaults and descriptions (pure).
 */
import { z } from 'zod';
import { behaviorSchema } from '../../backends/behaviors/schemas.js';
import { renderNetworkDoc } from './network-doc.js';
import { fieldTable, type JsonObject } from './schema-doc-table.js';

export function renderBehaviorsDoc(): string {
  const schema = z.toJSONSchema(behaviorSchema, { io: 'input', unrepresentable: 'any' }) as { oneOf?: JsonObject[]; anyOf?: JsonObject[] };
  const kinds = schema.oneOf ?? schema.anyOf ?? [];
  const lines = [
    '# Backend behaviours',
    '',
    'Generated from the behaviour schemas (`backends/behaviors/<kind>/schema.ts`) by',
    '`node scripts/behaviors-doc.mjs > docs/behaviors.md`. A scenario picks one with',
    '`behavior: { kind: <kind>, ... }`; every fake backend runs unprivileged, with its memory limit,',
    'and answers its control port (stats, a new behaviour at run time) where nginx does not proxy.',
    '',
  ];
  for (const kind of kinds) {
    const name = kind.properties?.kind?.const ?? 'unknown';
    lines.push(`## \`${name}\``, '', ...fieldTable(kind), '');
  }
  lines.push(...renderNetworkDoc());
  return lines.join('\n');
}

