// Writes docs/behaviors.md from the behaviour schemas (the single source of truth):
// node scripts/behaviors-doc.mjs > docs/behaviors.md   (a unit test fails when it drifts)
import { renderBehaviorsDoc } from '../dist/harness/scenario/behaviors-doc.js';

process.stdout.write(renderBehaviorsDoc());
