// Bundles the fake backend and express into one file that is copied into backend containers,
// so any Node image works as the backend's base without an npm install inside it. The run's DNS
// server, the delay proxy (network latency) and the load engine are bundled beside it the same way.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' };
await Promise.all([
  build({ ...common, entryPoints: ['backends/server.ts'], outfile: 'dist/backend/server.cjs' }),
  build({ ...common, entryPoints: ['backends/dns/dns-main.ts'], outfile: 'dist/backend/dns-server.cjs' }),
  build({ ...common, entryPoints: ['backends/delay-proxy/delay-proxy-main.ts'], outfile: 'dist/backend/delay-proxy.cjs' }),
  // the load engine, for a container on the run's network when the Docker Engine is on another machine
  build({ ...common, entryPoints: ['harness/load/engine/engine-main.ts'], outfile: 'dist/backend/load-engine.cjs' }),
]);

// The small apps the real app servers run (PHP, Python, plain Node), beside the compiled code, so
// an installed package (which ships dist/, not backends/) has them too.
import { cpSync } from 'node:fs';
cpSync('backends/app-servers', 'dist/backends/app-servers', { recursive: true, filter: (src) => !src.endsWith('.ts') });
