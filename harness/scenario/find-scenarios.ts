/**
 * Scenario files from command-line paths: files as given, directories searched recursively for
 * *.yaml / *.yml (the generated *.schema.json beside them is never a scenario). Adapter code: it
 * reads the file system, and returns every path problem at once instead of stopping at the first.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../result.js';

/** Only YAML counts: this also leaves out scenario.schema.json and any other JSON beside them. */
const SCENARIO_FILE = /\.ya?ml$/i;

/** Files below dir that look like scenarios, sorted by path so that runs are in a stable order. */
async function scenarioFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await scenarioFilesIn(path)));
    else if ((entry.isFile() || entry.isSymbolicLink()) && SCENARIO_FILE.test(entry.name)) found.push(path);
  }
  return found.sort(comparePaths);
}

function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory; check the path';
  if (code === 'EACCES') return 'permission denied; check that it is readable';
  return `cannot be read (${code ?? String(error)})`;
}

/**
 * The scenario files that paths name, in the order given (each directory's files sorted), each
 * once. Errors: a path that does not exist, and a directory that holds no scenario file.
 */
export async function findScenarioFiles(paths: string[]): Promise<Result<string[], string[]>> {
  const files: string[] = [];
  const errors: string[] = [];
  if (paths.length === 0) return err(['no scenario given; name a scenario file or a directory (e.g. scenarios/)']);
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (!info.isDirectory()) {
        files.push(path);
        continue;
      }
      const found = await scenarioFilesIn(path);
      if (found.length === 0) errors.push(`${path}: no scenario files (*.yaml, *.yml) in this directory; give a directory that holds scenarios, or a file`);
      files.push(...found);
    } catch (error) {
      errors.push(`${path}: ${reason(error)}`);
    }
  }
  if (errors.length > 0) return err(errors);
  return ok([...new Set(files)]);
}
