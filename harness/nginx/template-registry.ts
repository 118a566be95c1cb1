/**
 * nginx templates live in nginx-templates/<name>/: nginx.conf.tmpl and params.yaml, which declares
 * every parameter with its type, default and description.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { packageRoot } from '../package-root.js';
import { checkParam, type ParamInput, type ParamSpec } from './param-types.js';

export interface NginxTemplate {
  name: string;
  text: string;
  params: Record<string, ParamSpec>;
}

const described = { description: z.string() };
const specSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('duration'), default: z.string(), min: z.string().optional(), max: z.string().optional(), seconds: z.boolean().optional(), ...described }),
  z.strictObject({ type: z.literal('size'), default: z.string(), min: z.string().optional(), max: z.string().optional(), ...described }),
  z.strictObject({ type: z.literal('integer'), default: z.int(), min: z.int(), max: z.int(), ...described }),
  z.strictObject({ type: z.literal('enum'), default: z.string(), values: z.array(z.string()), ...described }),
  z.strictObject({ type: z.literal('list'), default: z.string(), values: z.array(z.string()), ...described }),
  z.strictObject({ type: z.literal('hostname'), default: z.string(), ...described }),
]);
const paramsFileSchema = z.record(z.string().regex(/^[a-z_]+$/), specSchema);

const cache = new Map<string, NginxTemplate>();

export function templatesDir(): string {
  return join(packageRoot(), 'nginx-templates');
}

export function templateNames(): string[] {
  return readdirSync(templatesDir(), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(templatesDir(), entry.name, 'nginx.conf.tmpl')))
    .map((entry) => entry.name)
    .sort();
}

export function loadTemplate(name: string): NginxTemplate | undefined {
  const hit = cache.get(name);
  if (hit) return hit;
  if (!templateNames().includes(name)) return undefined;
  const dir = join(templatesDir(), name);
  const params = paramsFileSchema.parse(parse(readFileSync(join(dir, 'params.yaml'), 'utf8')));
  const template = { name, text: readFileSync(join(dir, 'nginx.conf.tmpl'), 'utf8'), params };
  cache.set(name, template);
  return template;
}

export interface ParamIssue {
  /** the parameter name, e.g. proxy_read_timeout */
  key: string;
  message: string;
}

/** Problems with a template name or with parameter values given for it; empty when all is well. */
export function checkTemplateParams(templateName: string, params: Record<string, ParamInput>): ParamIssue[] {
  const template = loadTemplate(templateName);
  if (!template) return [{ key: '', message: `unknown template "${templateName}"; known: ${templateNames().join(', ')}` }];
  const issues: ParamIssue[] = [];
  for (const [key, value] of Object.entries(params)) {
    const spec = Object.hasOwn(template.params, key) ? template.params[key] : undefined;
    if (!spec) {
      issues.push({ key, message: `is not a parameter of template ${templateName}; known: ${Object.keys(template.params).join(', ')}` });
      continue;
    }
    const checked = checkParam(spec, value);
    if (!checked.ok) issues.push({ key, message: checked.error });
  }
  return issues;
}
