// Bundles the fake backend and express into one file that is copied into backend containers,
// so any Node image works as the backend's base without an npm install inside it.
import { build } from 'esbuild';

await build({
  entryPoints: ['backends/server.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'dist/backend/server.cjs',
  logLevel: 'warning',
});
