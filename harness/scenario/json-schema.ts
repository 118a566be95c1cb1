/**
 * The JSON Schema of scenario files, generated from the zod schema (the one source of truth) for
 * editors: `# yaml-language-server: $schema=./scenario.schema.json`. scenarios/scenario.schema.json
 * is this output; a snapshot test fails when the two drift apart.
 */
import { z } from 'zod';
import { scenarioSchema } from './schema.js';

export const SCENARIO_SCHEMA_ID = 'urn:badgateway:scenario';

/** The schema of what a scenario file may contain (zod's input side: defaults are optional). */
export function scenarioJsonSchema(): object {
  const generated = z.toJSONSchema(scenarioSchema, { io: 'input' });
  return {
    $schema: generated.$schema ?? 'https://json-schema.org/draft/2020-12/schema',
    $id: SCENARIO_SCHEMA_ID,
    title: 'badgateway scenario',
    description:
      'One nginx failure mode: fake backends and how they fail, the nginx template and its parameters, the load to drive, ' +
      'and config variants (the misconfiguration and its fix), each with expectations on statuses, error-log signatures and timings.',
    ...withoutKey(generated, '$schema'),
  };
}

/** The exact text of scenarios/scenario.schema.json: pretty JSON with a trailing newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

function withoutKey(record: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}
