/** Runs a command in a running container (as the container's own user) and returns what it printed. */
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { DockerStreamDemuxer } from './docker-logs.js';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout as the bytes it was (an archive) */
  stdoutBytes: Buffer;
}

/** `stdin`, when given, is written to the command's standard input, which then ends. */
export async function execIn(docker: Docker, containerId: string, command: string[], stdin?: string): Promise<ExecResult> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: command, AttachStdout: true, AttachStderr: true, AttachStdin: stdin !== undefined });
  const stream = await exec.start({ hijack: true, stdin: stdin !== undefined });
  if (stdin !== undefined) stream.end(stdin);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on('data', (chunk: Buffer) => out.push(chunk));
  const stderr = new PassThrough().on('data', (chunk: Buffer) => err.push(chunk));
  docker.modem.demuxStream(stream, stdout, stderr);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const info = await exec.inspect();
  const stdoutBytes = Buffer.concat(out);
  return { exitCode: info.ExitCode ?? -1, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes };
}

/**
 * Runs a command and hands its stdout on chunk by chunk as it arrives: the next chunk is read only
 * once onStdout has settled, so output of any size passes in bounded memory. Only stderr is kept.
 */
export async function execStreaming(docker: Docker, containerId: string, command: string[], onStdout: (bytes: Buffer) => Promise<void> | void): Promise<{ exitCode: number; stderr: string }> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream & AsyncIterable<Buffer>;
  const err: Buffer[] = [];
  const demuxer = new DockerStreamDemuxer((kind, bytes) => (kind === 'stdout' ? onStdout(bytes) : void err.push(Buffer.from(bytes))));
  try {
    for await (const chunk of stream) await demuxer.push(chunk);
  } catch (error) {
    // onStdout failed (a disk full): the command's output is not wanted any more
    (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    throw error;
  }
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, stderr: Buffer.concat(err).toString('utf8') };
}

/** stdout, then stderr, trimmed: for messages */
export function printed(result: ExecResult): string {
  return `${result.stdout}${result.stderr}`.trim();
}
