/**
 * Waits for a line a container prints, from a given time on (its latest start): the engine's log
 * stream is followed, so the line is seen as soon as it is written. With several patterns, each
 * must have matched a line, in any order. Fails when the stream ends (the container stopped) or
 * after the timeout, saying what did not happen.
 */
import type Docker from 'dockerode';

export async function waitForLogLine(docker: Docker, id: string, sinceIso: string, patterns: RegExp | readonly RegExp[], timeoutMs: number): Promise<void> {
  const all = Array.isArray(patterns) ? patterns : [patterns as RegExp];
  const pattern = all.join(' and ');
  const since = Math.floor(Date.parse(sinceIso) / 1000);
  const stream = (await docker.getContainer(id).logs({ follow: true, stdout: true, stderr: true, since })) as NodeJS.ReadableStream & { destroy(): void };
  const startedMs = Date.parse(sinceIso);
  await new Promise<void>((resolve, reject) => {
    let text = '';
    /** the patterns a line matched so far (the text kept is only its tail) */
    const seen = new Set<number>();
    const timer = setTimeout(() => finish(new Error(`it did not print ${pattern} within ${timeoutMs / 1000}s`)), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      stream.destroy();
      if (error) reject(error);
      else resolve();
    };
    stream.on('data', (chunk: Buffer) => {
      // Multiplexed frames carry 8-byte headers; the lines themselves are what matters here.
      text = (text + chunk.toString('utf8')).slice(-65_536);
      for (const line of linesAfter(text, startedMs)) all.forEach((p, i) => { if (p.test(line)) seen.add(i); });
      if (seen.size === all.length) finish();
    });
    stream.on('end', () => finish(new Error(`it stopped before it printed ${pattern}`)));
    stream.on('error', (error: Error) => finish(error));
  });
}

/** The fake backend stamps each line with an ISO time: lines of an earlier process (same second) are skipped. */
function linesAfter(text: string, startedMs: number): string[] {
  return text.split('\n').filter((line) => {
    const stamp = /(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z)/.exec(line)?.[1];
    return !stamp || Date.parse(stamp) >= startedMs - 1;
  });
}
