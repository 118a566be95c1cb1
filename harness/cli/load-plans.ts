/** Scenario paths in, variant plans out; every problem in every file, located, or nothing. */
import { dirname, join } from 'node:path';
import { ScenarioError } from '../errors.js';
import { loadUserConfig } from '../nginx/user-config/load-user-config.js';
import { expandScenario, type VariantPlan } from '../scenario/expand.js';
import { findScenarioFiles } from '../scenario/find-scenarios.js';
import { formatIssue, loadScenarioFile } from '../scenario/load-scenario.js';

export async function loadPlans(paths: string[]): Promise<VariantPlan[]> {
  const files = await findScenarioFiles(paths);
  if (!files.ok) throw new ScenarioError(files.error, 'Give scenario files (.yaml) or folders that hold them.');
  const problems: string[] = [];
  const plans: VariantPlan[] = [];
  const names = new Map<string, string>();
  for (const file of files.value) {
    const loaded = await loadScenarioFile(file);
    if (!loaded.ok) {
      problems.push(...loaded.error.map(formatIssue));
      continue;
    }
    const { scenario } = loaded.value;
    const earlier = names.get(scenario.name);
    if (earlier) problems.push(`${file}: name: "${scenario.name}" is also the name of ${earlier}; scenario names must be unique in a run`);
    names.set(scenario.name, file);
    const userConfig = scenario.nginx.config === undefined ? undefined : loadUserConfig(join(dirname(file), scenario.nginx.config));
    const expanded = expandScenario(file, scenario, userConfig);
    if (expanded.ok) plans.push(...expanded.value);
    else problems.push(...expanded.error);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return plans;
}
