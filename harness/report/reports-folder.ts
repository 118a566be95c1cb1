/**
 * The reports folder as the filesystem sees it: checked before a run starts any container, and
 * every failure to write in it (not writable, read-only, the disk or a quota full) turned into an
 * infrastructure error that says which file, why, and what to do. Files are written atomically
 * (write-file-atomic.ts), so a failure leaves no half-written file behind.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ReportsFolderError } from '../errors.js';
import { writeFileAtomic } from './write-file-atomic.js';

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the filesystem is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file stands where a folder is needed',
  EIO: 'an I/O error on the disk',
  EMFILE: 'too many open files',
};

const WHAT_TO_DO: Record<string, string> = {
  EACCES: 'Make the folder writable by this user, or choose another with --out.',
  EPERM: 'Make the folder writable by this user, or choose another with --out.',
  EROFS: 'Choose a folder on a writable filesystem with --out.',
  ENOSPC: 'Free disk space (old folders under reports/ can go), or choose another disk with --out.',
  EDQUOT: 'Free space within your quota, or choose another folder with --out.',
};

/** The filesystem error behind a write, as an infrastructure error; other errors unchanged. */
export function reportsFolderFault(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code || !(code in WHY)) return error;
  return new ReportsFolderError(`cannot write ${path}: ${WHY[code]} (${code})`, WHAT_TO_DO[code] ?? 'Fix the reports folder, or choose another with --out.');
}

/** Makes dir and proves a file can be written in it, before anything is run. */
export async function ensureWritable(dir: string): Promise<void> {
  const probe = join(dir, '.write-check');
  try {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(probe, 'badgateway\n');
    await rm(probe, { force: true });
  } catch (error) {
    throw reportsFolderFault(await realCause(error, dir), dir);
  }
}

/**
 * mkdir -p reports ENOENT when it cannot create the first missing folder (a read-only
 * filesystem, no permission): creating that one folder alone gives the real reason.
 */
async function realCause(error: unknown, dir: string): Promise<unknown> {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
  let missing = dir;
  while (dirname(missing) !== missing && !(await exists(dirname(missing)))) missing = dirname(missing);
  return mkdir(missing).then(() => rm(missing, { recursive: true, force: true }).then(() => error), (cause: unknown) => cause);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** One evidence file (nginx.conf, access.log, error.log), atomically, with its folder. */
export async function writeEvidence(dir: string, name: string, text: string): Promise<void> {
  const path = join(dir, name);
  try {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(path, text);
  } catch (error) {
    throw reportsFolderFault(error, path);
  }
}
