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

// The small apps the real app servers run (PHP, Python, plain Node), beside the compiled code, so
// an installed package (which ships dist/, not backends/) has them too.
import { cpSync } from 'node:fs';
cpSync('backends/app-servers', 'dist/backends/app-servers', { recursive: true, filter: (src) => !src.endsWith('.ts') });
