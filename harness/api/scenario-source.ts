/**
 * What the library's callers give as a scenario: a file or folder path (or several), or the
 * scenario itself as an object of the same shape as the YAML. Either way the same schema, rules
 * and expansion as the CLI; every problem located, thrown as one ScenarioError.
 */
import { isAbsolute, join } from 'node:path';
import { ScenarioError } from '../errors.js';
import { loadScenarios, plansOf } from '../cli/load-plans.js';
import { loadUserConfig } from '../nginx/user-config/load-user-config.js';
import type { VariantPlan } from '../scenario/expand.js';
import { formatIssue, parseScenarioData } from '../scenario/load-scenario.js';
import type { ScenarioSource, SourceOptions } from './scenario-input.js';

/** The name a scenario object goes by in messages and in report.json's `file`. */
export const OBJECT_SOURCE = '(scenario object)';

export async function plansFromSource(source: ScenarioSource, options: SourceOptions & { cwd: string }): Promise<VariantPlan[]> {
  if (typeof source === 'string') return plansOf(await loadScenarios([source]));
  if (isPathList(source)) return plansOf(await loadScenarios([...source]));
  const parsed = parseScenarioData(source, OBJECT_SOURCE);
  if (!parsed.ok) throw new ScenarioError(parsed.error.map(formatIssue), 'Fix the fields named, then run again (the format: docs/scenario-format.md).');
  const scenario = parsed.value;
  const config = scenario.nginx.config;
  const baseDir = options.baseDir ?? options.cwd;
  const userConfig = config === undefined ? undefined : loadUserConfig(isAbsolute(config) ? config : join(baseDir, config));
  return plansOf([{ file: OBJECT_SOURCE, scenario }], () => ({ scenario, ...(userConfig ? { userConfig } : {}) }));
}

function isPathList(source: ScenarioSource): source is readonly string[] {
  return Array.isArray(source) && source.every((item) => typeof item === 'string');
}
