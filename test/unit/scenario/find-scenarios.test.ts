import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScenarioFiles } from '../../../harness/scenario/find-scenarios.js';

let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'badgateway-find-'));
  await mkdir(join(root, 'catalog', 'nested', 'deeper'), { recursive: true });
  await mkdir(join(root, 'empty', 'sub'), { recursive: true });
  for (const file of ['catalog/b.yaml', 'catalog/a.yml', 'catalog/nested/c.yaml', 'catalog/nested/deeper/d.YAML', 'catalog/scenario.schema.json', 'catalog/notes.md', 'empty/sub/readme.txt', 'single.yaml']) {
    await writeFile(join(root, file), 'name: x\n');
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findScenarioFiles', () => {
  it('expands a directory recursively to its YAML files, sorted, without the JSON schema', async () => {
    const found = await findScenarioFiles([join(root, 'catalog')]);
    expect(found).toEqual({
      ok: true,
      value: ['catalog/a.yml', 'catalog/b.yaml', 'catalog/nested/c.yaml', 'catalog/nested/deeper/d.YAML'].map((f) => join(root, f)),
    });
  });

  it('keeps files as given, in the order given, each once', async () => {
    const single = join(root, 'single.yaml');
    const found = await findScenarioFiles([single, join(root, 'catalog', 'nested'), single]);
    expect(found).toEqual({ ok: true, value: [single, join(root, 'catalog/nested/c.yaml'), join(root, 'catalog/nested/deeper/d.YAML')] });
  });

  it('reports every missing path and every directory without scenarios', async () => {
    const missing = join(root, 'nope.yaml');
    const found = await findScenarioFiles([missing, join(root, 'empty'), join(root, 'single.yaml')]);
    expect(found).toEqual({
      ok: false,
      error: [
        `${missing}: no such file or directory; check the path`,
        `${join(root, 'empty')}: no scenario files (*.yaml, *.yml) in this directory; give a directory that holds scenarios, or a file`,
      ],
    });
  });

  it('wants at least one path', async () => {
    expect(await findScenarioFiles([])).toEqual({ ok: false, error: ['no scenario given; name a scenario file or a directory (e.g. scenarios/)'] });
  });
});
