/**
 * The `--sweep`s of a tune command, checked (pure): without the user's config, template parameters
 * (no context); with it, directives of the config placed where they stand or where the context
 * says, each value checked against the directive's type so no unchecked text reaches nginx.conf.
 */
import type { NginxTemplate } from '../nginx/template-registry.js';
import type { UserConfig } from '../nginx/user-config/load-user-config.js';
import { err, ok, type Result } from '../result.js';
import { directiveType, sweepableDirectives } from './directive-types.js';
import { placeDirective } from './place-directive.js';
import type { SweptParam } from './recommend.js';
import type { PlacedParam } from './sweep-plan.js';
import { parseSweepSpec } from './sweep-spec.js';
import { sweepValues } from './sweep-values.js';

export function templateSweeps(texts: readonly string[], template: NginxTemplate): Result<SweptParam[]> {
  const swept: SweptParam[] = [];
  for (const text of texts) {
    const spec = parseSweepSpec(text);
    if (!spec.ok) return spec;
    if (spec.value.context) return err(`--sweep ${text}: a context (${spec.value.text.slice(0, spec.value.text.indexOf(':'))}) needs your config: give --nginx-config`);
    const param = Object.hasOwn(template.params, spec.value.name) ? template.params[spec.value.name] : undefined;
    if (!param) return err(`--sweep ${text}: ${spec.value.name} is not a parameter of ${template.name} (${Object.keys(template.params).join(', ')})`);
    const values = sweepValues(spec.value.name, param, spec.value.values);
    if (!values.ok) return values;
    swept.push({ param: spec.value.name, values: values.value });
  }
  return distinct(swept);
}

export function configSweeps(texts: readonly string[], config: UserConfig, hostHeader?: string): Result<PlacedParam[]> {
  const swept: PlacedParam[] = [];
  for (const text of texts) {
    const spec = parseSweepSpec(text);
    if (!spec.ok) return spec;
    const { name } = spec.value;
    const type = directiveType(name);
    if (!type) return err(`--sweep ${text}: tune does not sweep ${name}; it sweeps ${sweepableDirectives().join(', ')}`);
    const placement = placeDirective(config.directives, name, type, spec.value.context, hostHeader);
    if (!placement.ok) return err(`--sweep ${text}: ${placement.error}`);
    const values = sweepValues(name, type.spec, spec.value.values);
    if (!values.ok) return values;
    swept.push({ param: name, values: values.value, type, placement: placement.value });
  }
  return distinct(swept);
}

function distinct<T extends SweptParam>(swept: T[]): Result<T[]> {
  if (new Set(swept.map((s) => s.param)).size !== swept.length) return err(`--sweep: ${swept[0]!.param} is swept twice; sweep two different parameters for a grid`);
  return ok(swept);
}
