/**
 * The package as a user gets it: `npm pack` (which builds), `npm install` of the tarball into an
 * empty project, the installed bin (--version, --help, validate, setup), the vitest example of
 * docs/library.md type-checked against the package's own declarations and run there for real.
 * Dependencies come from npm's cache when they are in it (--prefer-offline). The temporary
 * folder and the tarball are removed afterwards, and nothing may be left in Docker.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelled, ROOT } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'badgateway-pack-'));
const project = join(work, 'project');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
let before: { containers: string[]; networks: string[]; volumes: string[] };

/** The environment a user's shell would have: none of this test runner's or npm's own variables. */
const ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) =>
  /^(PATH|HOME|USER|LANG|LC_\w+|TMPDIR|TZ|CI|DOCKER_\w+|BADGATEWAY_\w+|TESTCONTAINERS_\w+|npm_config_(cache|registry|userconfig))$/.test(name)));

interface Ran { code: number; stdout: string; stderr: string }

function sh(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...ENV, NO_COLOR: '1' }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr: error?.killed ? `${stderr}\n(killed after ${timeoutMs / 1000}s)` : stderr });
    });
  });
}

function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Packages the installed declarations import, reached from the entry's index.d.ts, and whether
 * each ships its own types (so a consumer needs nothing else to type-check against them).
 */
function declarationImports(packageDir: string, entry: string): Record<string, boolean> {
  const seen = new Set<string>();
  const found: Record<string, boolean> = {};
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g)) {
      if (spec!.startsWith('.')) visit(join(dirname(file), spec!.replace(/\.js$/, '.d.ts')));
      else if (!spec!.startsWith('node:')) {
        const name = spec!.split('/').slice(0, spec!.startsWith('@') ? 2 : 1).join('/');
        const manifest = JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as { types?: string; typings?: string; exports?: unknown };
        found[name] = Boolean(manifest.types ?? manifest.typings) || JSON.stringify(manifest.exports ?? {}).includes('"types"');
      }
    }
  };
  visit(join(packageDir, entry));
  return found;
}

/** The example of docs/library.md, exactly as the document shows it. */
function libraryExample(): { file: string; code: string } {
  const doc = readFileSync(join(ROOT, 'docs', 'library.md'), 'utf8');
  const match = /<!-- file: (\S+) [^\n]*-->\n```ts\n([\s\S]*?)```/.exec(doc);
  if (!match) throw new Error('docs/library.md has no "<!-- file: … -->" example');
  return { file: match[1]!, code: match[2]! };
}

beforeAll(async () => {
  before = await labelled();
});

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  const after = await labelled();
  expect({ containers: after.containers.filter((c) => !before.containers.includes(c)), networks: after.networks.filter((n) => !before.networks.includes(n)), volumes: after.volumes.filter((v) => !before.volumes.includes(v)) }).toEqual({ containers: [], networks: [], volumes: [] });
});

describe('the packed package', () => {
  let tarball = '';

  it('npm pack builds it and packs what it needs, nothing of the repository\'s tests', async () => {
    const pack = await sh('npm', ['pack', '--pack-destination', work, '--loglevel=error'], ROOT, 180_000);
    expect(pack.code, pack.stderr).toBe(0);
    tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
    expect(tarball).toMatch(new RegExp(`badgateway-${version.replace(/\./g, '\\.')}\\.tgz$`));
    const listing = await sh('tar', ['-tzf', tarball], work, 30_000);
    const files = listing.stdout.split('\n');
    for (const needed of ['package/bin/badgateway.js', 'package/dist/harness/index.js', 'package/dist/harness/index.d.ts', 'package/dist/harness/cli/main.js', 'package/dist/backend/server.cjs', 'package/scenarios/slow-backend-read-timeout.yaml', 'package/nginx-templates/reverse-proxy/params.yaml', 'package/scripts/setup/images.sh', 'package/docs/library.md']) {
      expect(files, needed).toContain(needed);
    }
    expect(files.filter((f) => /^package\/(test|bench|dist\/bench|harness|reports|node_modules)\//.test(f) || f.endsWith('.map'))).toEqual([]);
  }, 200_000);

  it('installs into an empty project, with its bin working', async () => {
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'badgateway-consumer', private: true, type: 'module' }, null, 2));
    const install = await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball,
      `vitest@${installedVersion('vitest')}`, `typescript@${installedVersion('typescript')}`, `@types/node@${installedVersion('@types/node')}`], project, 300_000);
    expect(install.code, install.stderr).toBe(0);

    const bin = join(project, 'node_modules', '.bin', 'badgateway');
    expect((await sh(bin, ['--version'], project, 30_000)).stdout).toBe(`${version}\n`);
    const help = await sh(bin, ['run', '--help'], project, 30_000);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: badgateway run/);
    const validate = await sh(bin, ['validate', 'node_modules/badgateway/scenarios'], project, 60_000);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toMatch(/\d+ scenario\(s\), \d+ variant\(s\) valid/);
    const setup = await sh(bin, ['setup'], project, 600_000);
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toMatch(/^ready: Docker Engine at .+; nginx image \S+, Node image \S+ \(recorded in .*node_modules\/badgateway\/\.badgateway\/images\.json\)/);
  }, 700_000);

  it('type-checks the library example (and a misuse is a type error) against the installed declarations', async () => {
    const example = libraryExample();
    writeFileSync(join(project, example.file), example.code);
    writeFileSync(join(project, 'misuse.ts'), [
      "import { runScenario, type ScenarioInput, type ScenarioRun } from 'badgateway';",
      "// @ts-expect-error: 'lod' is not a field of a scenario",
      "export const typo: ScenarioInput = { name: 'x', summary: 'x', backends: [], load: { requests: 1 }, variants: [], lod: {} };",
      'export async function measured(): Promise<number | null> {',
      "  const run: ScenarioRun = await runScenario('x.yaml');",
      '  // @ts-expect-error: a verdict\'s measuredValue is a number or null, not a string',
      '  const wrong: string = run.results[0]!.verdicts[0]!.measuredValue;',
      '  return wrong.length;',
      '}',
    ].join('\n'));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'ESNext.Disposable'], types: ['node'], strict: true, noEmit: true, skipLibCheck: true },
      include: ['*.ts'],
    }, null, 2));
    const tsc = await sh(join(project, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], project, 120_000);
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
    // skipLibCheck above keeps this short; the declarations must not lean on types a consumer lacks (e.g. @types/dockerode)
    expect(declarationImports(join(project, 'node_modules', 'badgateway'), 'dist/harness/index.d.ts')).toEqual({ zod: true });
  }, 150_000);

  it('runs the library example there with vitest, for real', async () => {
    rmSync(join(project, 'misuse.ts'));
    const vitest = await sh(join(project, 'node_modules', '.bin', 'vitest'), ['run', '--reporter=json', '--outputFile=results.json'], project, 240_000);
    const results = JSON.parse(readFileSync(join(project, 'results.json'), 'utf8')) as { numPassedTests: number; numFailedTests: number; testResults: { assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[] };
    const failures = results.testResults.flatMap((f) => f.assertionResults).filter((a) => a.status !== 'passed');
    expect(failures.map((f) => `${f.fullName}: ${f.failureMessages.join('\n')}`), vitest.stderr).toEqual([]);
    expect(results.numPassedTests).toBe(2);
    expect(vitest.code).toBe(0);
  }, 250_000);
});
