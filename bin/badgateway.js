#!/usr/bin/env node
// badgateway's command line; the code is in harness/cli (built to dist/ by `npm run build`, and
// by `npm pack` before it packs, so an installed package always has it).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/harness/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('error: badgateway is not built yet (dist/ is missing).\nhint: in a checkout, run `npm run setup` (or `npm run build`); an installed package comes built, so reinstall it from a tarball made by `npm pack`.\n');
  process.exit(3);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2), process.env, process.stdout, process.stderr);
// Whatever a fault left open (a Docker stream), the command ends once its work is done: the
// exit code is set, stdout and stderr had their time to drain.
setTimeout(() => process.exit(), 5_000).unref();
