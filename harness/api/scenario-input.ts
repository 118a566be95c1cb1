/** What the library's callers give as a scenario (types only: the public API's declarations stay free of Docker types). */
import type { z } from 'zod';
import type { scenarioSchema } from '../scenario/schema.js';

/** A scenario as written: YAML's shape, before defaults are filled in. */
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** Scenario files or folders (as `badgateway run` takes them), or one scenario object. */
export type ScenarioSource = string | readonly string[] | ScenarioInput;

export interface SourceOptions {
  /** where a scenario object's `nginx.config` path is relative to (default: the working directory) */
  baseDir?: string;
}
