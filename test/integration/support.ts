/** Helpers for integration tests: the real CLI in a child process, and Docker state by label. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, createServer, type Server } from 'node:net';
import Docker from 'dockerode';
import { afterAll } from 'vitest';
import { packageRoot } from '../../harness/package-root.js';
import { LABEL_MANAGED, LABEL_OWNER, LABEL_RUN } from '../../harness/runtime/labels.js';

export const ROOT = packageRoot();
export const CLI = join(ROOT, 'bin', 'badgateway.js');
export const BACKEND_BUNDLE = join(ROOT, 'dist', 'backend', 'server.cjs');
export const docker = new Docker();

/**
 * A new folder under the system's temp folder for the reports a test file writes, removed when the
 * file's tests end (call it at the top of the file, not inside a test).
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function requireBuild(): void {
  if (!existsSync(BACKEND_BUNDLE) || !existsSync(join(ROOT, 'dist', 'harness', 'cli', 'main.js'))) {
    throw new Error('badgateway is not built: run `npm run setup` (npm test does it first)');
  }
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  done: Promise<CliRun>;
}

export function startCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, output: () => ({ stdout, stderr }), done };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return startCli(args, env).done;
}

/** Containers, networks and volumes badgateway made, optionally only those of one run or one process. */
export async function labelled(filter: { runId?: string; ownerPid?: number } = {}): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const label = [`${LABEL_MANAGED}=true`];
  if (filter.runId) label.push(`${LABEL_RUN}=${filter.runId}`);
  const [containers, networks, volumes] = await Promise.all([docker.listContainers({ all: true, filters: { label } }), docker.listNetworks({ filters: { label } }), docker.listVolumes({ filters: { label } })]);
  const owned = (labels: Record<string, string> | undefined) => filter.ownerPid === undefined || (labels?.[LABEL_OWNER] ?? '').endsWith(`:${filter.ownerPid}`);
  return {
    containers: containers.filter((c) => owned(c.Labels)).map((c) => c.Names[0] ?? c.Id),
    networks: networks.filter((n) => owned(n.Labels)).map((n) => n.Name),
    volumes: (volumes.Volumes ?? []).filter((v) => owned(v.Labels)).map((v) => v.Name),
  };
}

/** Polls a condition until it holds; fails saying what did not happen and after how long. */
export async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000}s`);
}

/**
 * A proxy to the local engine's socket, for a test that reaches the engine another way (a TCP
 * port, a context's socket) that lives as long as its file: `seen` gets the text of every chunk a
 * client sends. Half-open both ways, as the engine's own socket is: an exec that closes its stdin
 * still gets its output. Not listening yet: the test listens where it needs.
 */
export function engineProxy(seen: (text: string) => void): Server {
  return createServer({ allowHalfOpen: true }, (client) => {
    const engine = createConnection({ path: '/var/run/docker.sock', allowHalfOpen: true });
    client.on('data', (chunk: Buffer) => seen(chunk.toString('latin1')));
    client.pipe(engine).pipe(client);
    client.on('error', () => engine.destroy());
    engine.on('error', () => client.destroy());
  });
}
