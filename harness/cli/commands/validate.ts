/** `badgateway validate <paths>`: checks scenarios (schema, rules, rendering) without running them. */
import { EXIT } from '../exit-codes.js';
import { loadPlans } from '../load-plans.js';

export async function validateCommand(paths: string[], out: NodeJS.WritableStream): Promise<number> {
  const plans = await loadPlans(paths);
  const files = new Set(plans.map((p) => p.file));
  for (const file of files) {
    const variants = plans.filter((p) => p.file === file).map((p) => p.variant.name);
    out.write(`ok ${file}: ${plans.find((p) => p.file === file)!.scenario.name} (${variants.join(', ')})\n`);
  }
  out.write(`${files.size} scenario(s), ${plans.length} variant(s) valid\n`);
  return EXIT.ok;
}
