/**
 * Writes a file atomically: the text goes to a temporary file in the same folder, is flushed to
 * disk, and is then renamed over the target, so a crash or Ctrl-C leaves either the previous file
 * or the complete new one, never half of one. The only place reports touch the filesystem.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

export async function writeFileAtomic(target: string, text: string): Promise<void> {
  const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
