#!/usr/bin/env node
// badgateway's command line; the code is in harness/cli (built to dist/ by `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/harness/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('error: badgateway is not built yet.\nhint: run `npm run setup` (or `npm run build`) first.\n');
  process.exit(3);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2), process.env, process.stdout, process.stderr);
