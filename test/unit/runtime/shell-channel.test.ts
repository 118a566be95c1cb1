import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { Duplex, type Readable, type Writable } from 'node:stream';
import type Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { ShellChannel } from '../../../harness/runtime/shell-channel.js';

/** A real shell standing in for the container: attach gives its stdin and stdout as one stream. */
let shell: ChildProcess | undefined;
afterEach(() => shell?.kill());

async function open(): Promise<ShellChannel> {
  shell = spawn('sh', ['-s'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const stdin = shell.stdin as Writable;
  const stdout = shell.stdout as Readable;
  const stream = new Duplex({
    write(chunk, encoding, done) { stdin.write(chunk, encoding, done); },
    read() { /* pushed below */ },
  });
  stdout.on('data', (chunk: Buffer) => stream.push(chunk));
  stdout.on('end', () => stream.push(null));
  const docker = {
    getContainer: () => ({ attach: async () => stream }),
    modem: { demuxStream: (from: Duplex, out: Writable) => from.pipe(out) },
  } as unknown as Docker;
  return ShellChannel.open(docker, 'shell');
}

describe('ShellChannel', () => {
  it('runs blocks of commands in order and resolves when each is done', async () => {
    const channel = await open();
    const file = `/tmp/bg-shell-channel-${process.pid}`;
    await Promise.all([
      channel.run([`echo one > ${file}`], 'first'),
      channel.run([`echo two >> ${file}`, 'echo noise'], 'second'),
    ]);
    await channel.run([`test "$(cat ${file})" = "$(printf 'one\\ntwo')"`, `rm ${file}`], 'check');
    channel.close();
  });

  it('stops a block at its first failing command and says what it printed', async () => {
    const channel = await open();
    await expect(channel.run(['echo before', 'echo "no such chain" >&2; false', 'echo after'], 'network-fault drop on app-1'))
      .rejects.toThrow('network-fault drop on app-1 failed (exit 1): before\nno such chain');
    // the shell reading the channel lives on
    await channel.run(['true'], 'next');
    channel.close();
  });

  it('runs a script with its arguments and input, and gives back its status and output whatever it printed', async () => {
    const channel = await open();
    const script = `cat > "$1"; printf 'wrote %s' "$(wc -l < "$1")"; cat "$1" >&2; exit "$2"`;
    const file = `/tmp/bg-shell-channel-script-${process.pid}`;
    // quotes, a dollar sign, and a line that is the channel's own end-of-input word
    const input = `it's "quoted" $HOME\nBADGATEWAY_INPUT_END_1\nlast line without newline`;
    const result = await channel.script(script, [file, '3'], input, 'script');
    expect(result).toEqual({ code: 3, output: `wrote 3${input}\n` });
    // no input: the script reads nothing from the channel itself
    expect(await channel.script('cat; echo done; rm "$1"', [file], undefined, 'no input')).toEqual({ code: 0, output: 'done\n' });
    channel.close();
  });

  it('gives back a long output whole, however it was cut on the way', async () => {
    const channel = await open();
    const result = await channel.script(`head -c 3000000 /dev/zero | tr '\\000' x; printf 'badgateway-done 1 0'`, [], undefined, 'long');
    expect(result.code).toBe(0);
    expect(result.output.length).toBe(3_000_000 + 'badgateway-done 1 0'.length);
    expect(result.output.endsWith('xbadgateway-done 1 0')).toBe(true);
    channel.close();
  });

  it('fails what is pending when the container goes away', async () => {
    const channel = await open();
    const started = `/tmp/bg-shell-channel-started-${process.pid}`;
    const pending = channel.run([`touch ${started}`, 'sleep 5'], 'slow');
    // the block is running in the shell when it goes away
    while (!existsSync(started)) await new Promise((resolve) => setTimeout(resolve, 10));
    rmSync(started);
    shell!.kill();
    await expect(pending).rejects.toThrow('the container closed its standard input');
  });
});
