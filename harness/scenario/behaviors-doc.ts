/**
 * docs/behaviors.md, generated from the behaviour schemas and the real app servers' schemas: per
 * kind, a table of its fields with defaults and descriptions, and what the FastCGI transport and
 * unix sockets change (pure).
 */
import { z } from 'zod';
import { appServerSchema } from '../../backends/app-servers/schemas.js';
import { behaviorSchema } from '../../backends/behaviors/schemas.js';
import { APP_SERVERS_INTRO, FASTCGI_TRANSPORT } from './app-servers-doc.js';

interface JsonField {
  type?: string;
  default?: unknown;
  description?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
}

interface JsonObject {
  properties?: Record<string, JsonField & { const?: string }>;
  required?: string[];
}

export function renderBehaviorsDoc(): string {
  return [...behaviorLines(), ...FASTCGI_TRANSPORT, ...APP_SERVERS_INTRO, ...kindSections(appServerSchema, '##')].join('\n');
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
    const properties = kind.properties ?? {};
    const name = properties.kind?.const ?? 'unknown';
    lines.push(`${heading} \`${name}\``, '', '| field | default | meaning |', '|---|---|---|');
    for (const [field, spec] of Object.entries(properties)) {
      if (field === 'kind') continue;
      const fallback = spec.default === undefined ? ((kind.required ?? []).includes(field) ? 'required' : '—') : `\`${JSON.stringify(spec.default)}\``;
      const range = spec.enum ? ` One of ${spec.enum.map((v) => `\`${String(v)}\``).join(', ')}.` : '';
      lines.push(`| \`${field}\` | ${fallback} | ${(spec.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')}${range} |`);
    }
    lines.push('');
  }
  return lines;
}
