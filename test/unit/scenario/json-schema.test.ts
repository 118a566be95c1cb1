import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../../harness/scenario/json-schema.js';

const committedFile = fileURLToPath(new URL('../../../scenarios/scenario.schema.json', import.meta.url));
const REGENERATE = 'scenarios/scenario.schema.json differs from the schema generated from harness/scenario/schema.ts; ' +
  'run `node bin/badgateway.js schema > scenarios/scenario.schema.json` and commit the result';

describe('scenario JSON Schema', () => {
  it('matches the committed scenarios/scenario.schema.json', () => {
    const committed = readFileSync(committedFile, 'utf8');
    expect(committed === scenarioJsonSchemaText(), REGENERATE).toBe(true);
  });

  it('describes the input side, with its own identity', () => {
    const schema = scenarioJsonSchema() as Record<string, unknown> & { required?: string[]; properties?: Record<string, unknown> };
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'urn:badgateway:scenario', title: 'badgateway scenario' });
    expect(typeof schema['description']).toBe('string');
    // Fields with defaults are optional in a file; the required ones are the ones a user must write.
    expect(schema.required).toEqual(['name', 'summary', 'backends', 'load', 'variants']);
    expect(Object.keys(schema.properties ?? {})).toEqual(['name', 'summary', 'backends', 'nginx', 'load', 'chaos', 'dns', 'variants']);
  });

  it('is pretty JSON with a trailing newline', () => {
    const text = scenarioJsonSchemaText();
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(scenarioJsonSchema());
  });
});
