import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../harness/package-root.js';
import { renderBehaviorsDoc } from '../../../harness/scenario/behaviors-doc.js';
import { BEHAVIOR_KINDS } from '../../../backends/behaviors/schemas.js';

describe('docs/behaviors.md', () => {
  const committed = readFileSync(join(packageRoot(), 'docs', 'behaviors.md'), 'utf8');

  it('is what the behaviour schemas generate (run `node scripts/behaviors-doc.mjs > docs/behaviors.md` after changing one)', () => {
    expect(committed === renderBehaviorsDoc(), 'docs/behaviors.md is out of date: run `npm run build && node scripts/behaviors-doc.mjs > docs/behaviors.md`').toBe(true);
  });

  it('has a section for every behaviour kind', () => {
    for (const kind of BEHAVIOR_KINDS) expect(committed).toContain(`## \`${kind}\``);
  });
});
