/**
 * Writes the scenario that reproduces a diagnosed cause (pure): the recipe's backends, load and
 * variants over the user's own nginx.conf values, every behaviour checked against the catalog,
 * durations scaled down together when a backend delay would pass the harness's limit, and the
 * result validated like any scenario file before it is returned.
 */
import { stringify } from 'yaml';
import { UsageError } from '../errors.js';
import { formatIssue, parseScenarioText } from '../scenario/load-scenario.js';
import { LIMITS } from '../scenario/schema-parts.js';
import { nginxDuration } from '../scenario/units.js';
import type { Cause, CauseId, Diagnosis } from './diagnosis.js';
import { behaviorSchema } from '../../backends/behaviors/schemas.js';
import type { NginxSettings } from './nginx-settings.js';
import { isFailureSignature } from './diagnosis-tables.js';
import { connectionRecipes } from './recipes/connection-recipes.js';
import { METHODS, type Fields, type Method, type Recipe, type RecipeBook, type RecipeContext } from './recipes/recipe.js';
import { responseRecipes } from './recipes/response-recipes.js';
import { timeoutRecipes } from './recipes/timeout-recipes.js';
import { userParams } from './recipes/user-params.js';

const RECIPES: RecipeBook = { ...timeoutRecipes, ...connectionRecipes, ...responseRecipes };

export interface EmittedScenario {
  yaml: string;
  cause: CauseId;
  variants: string[];
  notes: string[];
  /** failure signatures of the log the as-diagnosed variant expects to see again */
  covers: string[];
  /** failure signatures of the log it does not reproduce (said in its header and notes) */
  notCovered: string[];
}

export function emitScenario(d: Diagnosis, settings: NginxSettings, options: { cause?: CauseId; source: string }): EmittedScenario {
  const cause = pickCause(d, options.cause);
  const build = RECIPES[cause.id]!;
  let scale = 1;
  let longestDelayMs = 0;
  const context = (): RecipeContext => ({
    cause, diagnosis: d, settings,
    dur: (ms) => nginxDuration(Math.max(1, Math.round(ms * scale))),
    delay: (ms) => {
      longestDelayMs = Math.max(longestDelayMs, ms);
      return nginxDuration(Math.max(1, Math.round(ms * scale)));
    },
    readMs: settings.proxyReadTimeoutMs.value, connectMs: settings.proxyConnectTimeoutMs.value, sendMs: settings.proxySendTimeoutMs.value,
    servers: Math.min(LIMITS.maxReplicas, Math.max(1, settings.upstreamServers, namedServers(d))),
    request: requestOf(d),
  });
  let ctx = context();
  let recipe = build(ctx);
  const notes: string[] = [];
  if (longestDelayMs > LIMITS.maxBackendDelayMs) {
    scale = (LIMITS.maxBackendDelayMs * 0.9) / longestDelayMs;
    ctx = context();
    recipe = build(ctx);
    notes.push(`every duration is scaled by ${scale.toFixed(3)}: a backend delay of ${Math.round(longestDelayMs / 1000)} s is beyond the harness's ${LIMITS.maxBackendDelayMs / 1000} s`);
  }
  const user = userParams(settings, ctx.dur);
  notes.push(...user.notes, ...(recipe.notes ?? []));
  const { covers, notCovered } = coverage(d, recipe);
  if (notCovered.length > 0) {
    notes.push(`it does not reproduce every failure of the log: ${notCovered.map((id) => `${id} (${d.errorLog.signatures[id]} lines)`).join(', ')} ${notCovered.length === 1 ? 'is' : 'are'} not modelled by this scenario`);
  }
  if (ctx.servers > Math.max(1, settings.upstreamServers)) notes.push(`${ctx.servers} backend replicas: the log names ${ctx.servers} upstream servers`);
  const document = assemble(cause, recipe, user.params, ctx, notes);
  const header = [
    `# Emitted by \`badgateway diagnose\` from ${[...d.inputs.errorLogs, ...d.inputs.accessLogs].join(', ')}${d.inputs.nginxConfig ? ` with ${d.inputs.nginxConfig}` : ''}.`,
    `# Cause: ${cause.title} (${cause.id}, confidence ${cause.confidence}).`,
    '# Not verified: `badgateway diagnose ... --verify` runs it and says whether the log\'s signatures and statuses came back.',
    ...cause.evidence.slice(0, 4).map((e) => `#   - ${e.replace(/\n/g, ' ')}`),
    ...notes.map((n) => `# note: ${n}`),
  ];
  const yaml = `${header.join('\n')}\n${stringify(document, { lineWidth: 0 })}`;
  const checked = parseScenarioText(yaml, options.source);
  if (!checked.ok) throw new Error(`the emitted scenario for ${cause.id} is not valid:\n${checked.error.map(formatIssue).join('\n')}`);
  return { yaml, cause: cause.id, variants: recipe.variants.map((v) => v.name), notes, covers, notCovered };
}

function pickCause(d: Diagnosis, wanted: CauseId | undefined): Cause {
  if (wanted) {
    const found = d.causes.find((c) => c.id === wanted);
    if (!found) throw new UsageError(`--cause ${wanted} was not diagnosed from these logs`, `Diagnosed: ${d.causes.map((c) => c.id).join(', ') || 'nothing'}.`);
    if (!RECIPES[found.id]) throw new UsageError(`${wanted} cannot be reproduced with the reverse-proxy template`, 'Fix it from the evidence shown; no scenario models it.');
    return found;
  }
  const top = d.causes[0];
  if (!top) throw new UsageError('nothing to reproduce: the logs show no upstream failure', 'Give the error log of the time of the incident (rotated files: error.log.1, error.log.2.gz, ...).');
  const reproducible = d.causes.find((c) => RECIPES[c.id] !== undefined);
  if (!reproducible) throw new UsageError(`the top cause, ${top.id}, cannot be reproduced with the reverse-proxy template`, 'Fix it from the evidence shown.');
  return reproducible;
}

function assemble(cause: Cause, recipe: Recipe, user: Record<string, string | number | boolean>, ctx: RecipeContext, notes: string[]): Fields {
  const fit = (behavior: Fields) => {
    const fitted = fitBehavior(behavior);
    notes.push(...fitted.notes);
    return fitted.behavior;
  };
  const load: Fields = { connections: 8, method: ctx.request.method, path: ctx.request.path, ...recipe.load };
  if (load.duration === undefined && load.requests === undefined) load.duration = '3s';
  return {
    name: `diagnosed-${cause.id}`,
    summary: recipe.summary,
    backends: recipe.backends.map((b) => ({ ...b, behavior: fit(b.behavior) })),
    nginx: { template: 'reverse-proxy', params: { ...recipe.defaults, ...user, ...recipe.params } },
    load,
    ...(recipe.chaos ? { chaos: recipe.chaos } : {}),
    variants: recipe.variants.map((v) => ({
      ...v,
      ...(v.backends ? { backends: Object.fromEntries(Object.entries(v.backends).map(([name, o]) => [name, o.behavior ? { ...o, behavior: fit(o.behavior as Fields) } : o])) } : {}),
    })),
  };
}

/** Upstream servers the log names by address (not group names, as "no live upstreams" lines give). */
function namedServers(d: Diagnosis): number {
  return d.perUpstream.filter((row) => /:\d+$|^unix:/.test(row.key)).length;
}

/** Which of the log's failure signatures the reproducing variant expects to see again. */
function coverage(d: Diagnosis, recipe: Recipe): { covers: string[]; notCovered: string[] } {
  const expected = (recipe.variants[0]?.expect.error_log ?? {}) as Record<string, unknown>;
  const reproduced = Object.entries(expected).filter(([, v]) => v !== 0).map(([id]) => id);
  const inLog = Object.keys(d.errorLog.signatures).filter((id) => isFailureSignature(id));
  return { covers: inLog.filter((id) => reproduced.includes(id)), notCovered: inLog.filter((id) => !reproduced.includes(id)) };
}

/** The method and path that failed most, as a load may send them (origin-form: one leading "/"). */
function requestOf(d: Diagnosis): { method: Method; path: string } {
  for (const row of d.perEndpoint) {
    const [method = '', path = ''] = row.key.split(' ');
    if (!(METHODS as readonly string[]).includes(method) || !path.startsWith('/') || path.startsWith('//')) continue;
    const clean = encodeURI(path.replace(/…$/, '').replace(/:id/g, '1')).replace(/[^\x21-\x7e]/g, '').replace(/^\/+/, '/');
    return { method: method as Method, path: clean.startsWith('/') ? clean : '/' };
  }
  return { method: 'GET', path: '/' };
}

/**
 * A behaviour a recipe proposes, checked against the behaviour catalog's own schema: fields the
 * behaviour does not take (yet) are dropped and said so, so an emitted scenario uses what exists.
 */
interface FittedBehavior {
  behavior: Fields;
  notes: string[];
}

function fitBehavior(proposed: Fields): FittedBehavior {
  const behavior = { ...proposed };
  const notes: string[] = [];
  for (let round = 0; round < 3; round += 1) {
    const parsed = behaviorSchema.safeParse(behavior);
    if (parsed.success) break;
    const unknown = parsed.error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : []));
    if (unknown.length === 0) {
      notes.push(`behavior ${String(proposed.kind)}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'behavior'}: ${i.message}`).join('; ')}`);
      break;
    }
    for (const key of unknown) {
      notes.push(`behavior ${String(proposed.kind)} does not take ${key} (yet); left out: ${key} ${JSON.stringify(behavior[key])}`);
      delete behavior[key];
    }
  }
  return { behavior, notes };
}
