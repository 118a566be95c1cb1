/** Scenario paths in, scenarios or variant plans out; every problem in every file, located, or nothing. */
import { dirname, join } from 'node:path';
import { ScenarioError } from '../errors.js';
import { loadUserConfig, type UserConfig } from '../nginx/user-config/load-user-config.js';
import { expandScenario, type VariantPlan } from '../scenario/expand.js';
import { onVersions } from '../scenario/on-versions.js';
import { findScenarioFiles } from '../scenario/find-scenarios.js';
import { formatIssue, loadScenarioFile, type LoadedScenario } from '../scenario/load-scenario.js';
import type { Scenario } from '../scenario/schema.js';

/** Every scenario under the paths, validated; names unique across them. */
export async function loadScenarios(paths: string[]): Promise<LoadedScenario[]> {
  const files = await findScenarioFiles(paths);
  if (!files.ok) throw new ScenarioError(files.error, 'Give scenario files (.yaml) or folders that hold them.');
  const problems: string[] = [];
  const scenarios: LoadedScenario[] = [];
  const names = new Map<string, string>();
  for (const file of files.value) {
    const loaded = await loadScenarioFile(file);
    if (!loaded.ok) {
      problems.push(...loaded.error.map(formatIssue));
      continue;
    }
    const earlier = names.get(loaded.value.scenario.name);
    if (earlier) problems.push(`${file}: name: "${loaded.value.scenario.name}" is also the name of ${earlier}; scenario names must be unique in a run`);
    names.set(loaded.value.scenario.name, file);
    scenarios.push(loaded.value);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return scenarios;
}

/**
 * Plans of scenarios, each on the nginx versions it names (or those of `versions`, which replace
 * them); `replace` lets a caller (the gate) change a scenario and its config first.
 */
export function plansOf(loaded: LoadedScenario[], replace?: (s: LoadedScenario) => { scenario: Scenario; userConfig?: UserConfig }, versions?: readonly string[]): VariantPlan[] {
  const problems: string[] = [];
  const plans: VariantPlan[] = [];
  for (const item of loaded) {
    const { scenario, userConfig } = replace ? replace(item) : { scenario: item.scenario, userConfig: ownConfig(item) };
    const expanded = expandScenario(item.file, scenario, userConfig);
    if (expanded.ok) plans.push(...onVersions(expanded.value, versions));
    else problems.push(...expanded.error);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return plans;
}

export async function loadPlans(paths: string[], versions?: readonly string[]): Promise<VariantPlan[]> {
  return plansOf(await loadScenarios(paths), undefined, versions);
}

function ownConfig({ file, scenario }: LoadedScenario): UserConfig | undefined {
  return scenario.nginx.config === undefined ? undefined : loadUserConfig(join(dirname(file), scenario.nginx.config));
}
