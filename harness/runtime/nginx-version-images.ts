/**
 * The image of each nginx version line a run asks for, made available before anything starts:
 * the official nginx:<line> or the local equivalent when present, else scripts/setup/nginx-version.sh
 * pulls the official one or builds the local one offline from Debian (about a minute, once), its
 * progress shown as it goes. A line that can be had neither way is an infrastructure error.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { localImage, OFFLINE_LINES, officialImage } from '../config/nginx-versions.js';
import { ImageMissingError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { isPresent } from './ensure-images.js';

/** Progress lines of a build ("nginx 1.30: building badgateway-local/nginx:sid ..."). */
export type ImageProgress = (line: string) => void;

export async function nginxVersionImages(docker: Docker, lines: readonly string[], progress: ImageProgress = () => {}): Promise<Record<string, string>> {
  const images: Record<string, string> = {};
  for (const line of lines) images[line] = await imageFor(docker, line, progress);
  return images;
}

async function imageFor(docker: Docker, line: string, progress: ImageProgress): Promise<string> {
  const candidates = [officialImage(line), localImage(line)].filter((i): i is string => i !== undefined);
  for (const image of candidates) if (await isPresent(docker, image)) return image;
  if (OFFLINE_LINES[line] === undefined) {
    throw new ImageMissingError(
      `nginx ${line}: the image ${officialImage(line)} is not present and only ${Object.keys(OFFLINE_LINES).join(', ')} can be built here without a registry.`,
      `docker pull ${officialImage(line)} where a registry answers, or choose one of ${Object.keys(OFFLINE_LINES).join(', ')}.`,
    );
  }
  progress(`nginx ${line}: ${officialImage(line)} is not here: pulling it, or building ${localImage(line)} from Debian ${OFFLINE_LINES[line]!.suite} (once)`);
  return runScript(line, progress);
}

function runScript(line: string, progress: ImageProgress): Promise<string> {
  const script = join(packageRoot(), 'scripts', 'setup', 'nginx-version.sh');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, line], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const lines = stderr.split('\n');
      stderr = lines.pop()!;
      for (const l of lines) if (l.trim() !== '') progress(l);
    });
    child.on('error', (error) => reject(new ImageMissingError(`nginx ${line}: ${script} did not start: ${error.message}`, 'Run it by hand to see why.')));
    child.on('close', (code) => {
      const image = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && image !== '') resolve(image);
      else reject(new ImageMissingError(`nginx ${line}: no image could be pulled or built (${script} ${line} exited ${code}${stderr ? `: ${stderr}` : ''}).`, `Run \`bash ${script} ${line}\` to see why, or make ${officialImage(line)} available.`));
    });
  });
}
