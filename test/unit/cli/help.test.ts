/**
 * Every command's --help prints its own usage and exits 0 without touching Docker; --version
 * prints the package's version; each option a help text names is one the command accepts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as OPTIONS from '../../../harness/cli/command-options.js';
import { COMMAND_HELP, HELP } from '../../../harness/cli/help.js';
import { packageRoot } from '../../../harness/package-root.js';
import { runMain as cli } from '../../support/run-main.js';

const COMMANDS = ['run', 'gate', 'tune', 'diagnose', 'merge', 'validate', 'schema', 'signatures', 'clean', 'setup'];

describe('--help', () => {
  it.each(COMMANDS)('badgateway %s --help prints its own usage and exits 0', async (command) => {
    for (const flag of ['--help', '-h']) {
      const run = await cli([command, flag]);
      expect(run.code, run.err).toBe(0);
      expect(run.err).toBe('');
      expect(run.out).toMatch(new RegExp(`^usage: badgateway ${command}\\b`));
      expect((await cli(['help', command])).out).toBe(run.out);
    }
  });

  it('badgateway --help lists every command and says where their options are; no command exits 2', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.out).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(run.out).toContain('badgateway <command> --help');
    expect((await cli([])).code).toBe(2);
    const unknown = await cli(['help', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "nope"');
  });

  it('names only options the command accepts, and every option it accepts', () => {
    const tables: Record<string, Record<string, unknown>> = {
      run: OPTIONS.RUN_OPTIONS, gate: OPTIONS.GATE_OPTIONS, tune: OPTIONS.TUNE_OPTIONS, merge: OPTIONS.MERGE_OPTIONS,
      validate: OPTIONS.PLAIN_OPTIONS, schema: OPTIONS.PLAIN_OPTIONS, signatures: OPTIONS.SIGNATURES_OPTIONS, clean: OPTIONS.CLEAN_OPTIONS, setup: OPTIONS.PLAIN_OPTIONS,
    };
    for (const [command, table] of Object.entries(tables)) {
      const text = COMMAND_HELP[command as keyof typeof COMMAND_HELP];
      const named = new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!));
      const accepted = new Set(Object.keys(table).filter((o) => o !== 'help'));
      expect([...named].filter((o) => !accepted.has(o)), `${command} help names options it does not take`).toEqual([]);
      expect([...accepted].filter((o) => !named.has(o)), `${command} takes options its help does not name`).toEqual([]);
    }
    expect(HELP).toContain('--version');
  });
});

describe('--version', () => {
  it('prints the version in package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = await cli([flag]);
      expect(run.code).toBe(0);
      expect(run.out).toBe(`${version}\n`);
    }
  });
});

describe('arguments a command does not take', () => {
  it('exit 2 with the command named, before Docker is asked', async () => {
    const run = await cli(['schema', 'extra']);
    expect(run.code).toBe(2);
    expect(run.err).toContain('schema takes no arguments, but was given "extra"');
    const merge = await cli(['merge']);
    expect(merge.code).toBe(2);
    expect(merge.err).toContain('merge needs the report.json of each shard');
  });
});

describe('--load-from', () => {
  it('takes auto, host or container; anything else exits 2 saying so, before Docker is asked', async () => {
    for (const command of ['run', 'gate']) {
      const run = await cli([command, '--load-from', 'elsewhere', ...(command === 'gate' ? ['--nginx-config', 'x.conf'] : ['x.yaml'])]);
      expect(run.code, run.err).toBe(2);
      expect(run.err).toContain('--load-from elsewhere is not one of auto, host, container');
    }
    expect(OPTIONS.RUN_OPTIONS['load-from']).toEqual({ type: 'string', default: 'auto' });
    expect(COMMAND_HELP.run).toContain('--load-from <where>');
  });
});
