/**
 * Where the real logs and configs of other projects are (shared/realworld beside the repository:
 * ../shared/realworld from the repository root, or one level further up for a git worktree), read
 * at test time and never copied into the project. undefined when absent: tests skip and say so.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/package-root.js';

export const REALWORLD: string | undefined = [join(packageRoot(), '..', 'shared', 'realworld'), join(packageRoot(), '..', '..', 'shared', 'realworld')].find((dir) => existsSync(dir));

export const REALWORLD_ABSENT = 'skipped: ../shared/realworld (real logs of other projects) is absent beside the repository';
