/** The options each command takes (node:util parseArgs tables); every command also takes --help. */
import { DEFAULT_CONFIDENCE } from '../expect/verdict.js';
import { REPORT_FORMATS } from '../report/write-reports.js';

const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

const FORMAT_OPTION = { format: { type: 'string', default: REPORT_FORMATS.join(',') } } as const;

const IMAGE_OPTIONS = {
  'nginx-image': { type: 'string' },
  'node-image': { type: 'string' },
} as const;

const VERSIONS_OPTION = { 'nginx-version': { type: 'string', multiple: true, default: [] as string[] } } as const;

export const MATRIX_OPTIONS = {
  ...HELP_OPTION,
  ...FORMAT_OPTION,
  ...IMAGE_OPTIONS,
  ...VERSIONS_OPTION,
  out: { type: 'string', default: 'reports' },
  scenario: { type: 'string', multiple: true, default: [] as string[] },
  variant: { type: 'string', multiple: true, default: [] as string[] },
  shard: { type: 'string' },
  repeat: { type: 'string', default: '1' },
  jobs: { type: 'string', default: '1' },
  confidence: { type: 'string', default: String(DEFAULT_CONFIDENCE) },
  'load-from': { type: 'string', default: 'auto' },
} as const;

export const RUN_OPTIONS = { ...MATRIX_OPTIONS, port: { type: 'string' } } as const;

export const GATE_OPTIONS = {
  ...MATRIX_OPTIONS,
  'nginx-config': { type: 'string' },
  budget: { type: 'string', multiple: true, default: [] as string[] },
  upstream: { type: 'string', multiple: true, default: [] as string[] },
  path: { type: 'string' },
  header: { type: 'string', multiple: true, default: [] as string[] },
  baseline: { type: 'string' },
  'baseline-version': { type: 'string' },
  strict: { type: 'boolean', default: false },
} as const;

export const TUNE_OPTIONS = {
  ...HELP_OPTION,
  ...IMAGE_OPTIONS,
  'nginx-version': { type: 'string' },
  sweep: { type: 'string', multiple: true, default: [] as string[] },
  'backend-p50': { type: 'string', default: '200ms' },
  'backend-p99': { type: 'string', default: '800ms' },
  'backend-timeout': { type: 'string' },
  'backend-idle-timeout': { type: 'string' },
  'nginx-config': { type: 'string' },
  budget: { type: 'string', multiple: true, default: [] as string[] },
  requests: { type: 'string' },
  connections: { type: 'string', default: '16' },
  duration: { type: 'string', default: '3s' },
  out: { type: 'string', default: 'reports' },
} as const;

export const MERGE_OPTIONS = { ...HELP_OPTION, ...FORMAT_OPTION, out: { type: 'string', default: 'reports' } } as const;

export const CLEAN_OPTIONS = { ...HELP_OPTION, all: { type: 'boolean', default: false } } as const;

export const SIGNATURES_OPTIONS = { ...HELP_OPTION, json: { type: 'boolean', default: false } } as const;

export const PLAIN_OPTIONS = HELP_OPTION;
