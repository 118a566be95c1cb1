/**
 * A recipe turns a diagnosed cause into the parts of a scenario that reproduces it: backends, the
 * template parameters it adds to the user's own, the load, and variants (the first reproduces,
 * later ones fix). Durations go through the context so that they can be scaled to the harness's
 * limits as one.
 */
import type { Cause, CauseId, Diagnosis } from '../diagnosis.js';
import type { NginxSettings } from '../nginx-settings.js';

export type ParamValue = string | number | boolean;
export type Fields = Record<string, unknown>;

export interface BackendDraft {
  name: string;
  replicas?: number;
  behavior: Fields;
  memory?: string;
  restart?: 'no' | 'on-failure' | 'always';
}

export interface VariantDraft {
  name: string;
  summary: string;
  nginx?: Record<string, ParamValue>;
  backends?: Record<string, Fields>;
  load?: Fields;
  /** chaos actions of this variant (replacing the scenario's) */
  chaos?: Fields[];
  expect: Fields;
}

export interface Recipe {
  summary: string;
  backends: BackendDraft[];
  /** template parameters the reproduction needs: they override the user's own */
  params?: Record<string, ParamValue>;
  /** template parameters that make the failure visible, used only where nginx.conf sets nothing */
  defaults?: Record<string, ParamValue>;
  load?: Fields;
  /** chaos actions on the load's clock (kill, restart, pause, ...) */
  chaos?: Fields[];
  variants: VariantDraft[];
  notes?: string[];
}

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

export interface RecipeContext {
  cause: Cause;
  diagnosis: Diagnosis;
  settings: NginxSettings;
  /** a duration (nginx timeouts, load), scaled like everything else */
  dur(ms: number): string;
  /** a backend delay: the one duration with a hard limit in the harness (it decides the scale) */
  delay(ms: number): string;
  /** the user's effective timeouts, in ms, before scaling */
  readMs: number;
  connectMs: number;
  sendMs: number;
  /** servers in the user's upstream group (at least 1) */
  servers: number;
  /** the request that failed most */
  request: { method: Method; path: string };
}

export type RecipeBuilder = (ctx: RecipeContext) => Recipe;
export type RecipeBook = Partial<Record<CauseId, RecipeBuilder>>;

/** Expectations of the reproducing variant: the status share and the signature seen at least once. */
export function reproduces(status: Record<string, string>, signatures: string[]): Fields {
  return {
    status,
    error_log: Object.fromEntries(signatures.map((id) => [id, '>= 1'])),
  };
}

/** Expectations of a fixing variant: no 5xx, none of the signatures. */
export function fixed(signatures: string[], status: Record<string, string | number> = { '5xx': 0 }): Fields {
  return {
    status,
    error_log: Object.fromEntries(signatures.map((id) => [id, 0])),
  };
}
