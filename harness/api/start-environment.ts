/**
 * startEnvironment(): one variant of a scenario started for real (backends, `nginx -t`, nginx
 * published on 127.0.0.1), for a test to drive. The same Docker engine, images, labels and crash
 * reaper as a run; whatever fails part-way, what was created is removed before the error goes on.
 */
import { join } from 'node:path';
import { resolveImages, type Images } from '../config/images.js';
import { UsageError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { newRunId } from '../run-plans.js';
import { removeLabelled } from '../runtime/cleanup.js';
import { connectDocker } from '../runtime/docker-client.js';
import { DockerRuntime } from '../runtime/docker-runtime.js';
import { ensureImages } from '../runtime/ensure-images.js';
import { appServerImages } from '../runtime/backend-container.js';
import { spawnReaper } from '../runtime/reaper.js';
import { DockerScenarioEnvironment } from './docker-scenario-environment.js';
import type { ScenarioEnvironment } from './scenario-environment.js';
import type { ScenarioSource, SourceOptions } from './scenario-input.js';
import { plansFromSource } from './scenario-source.js';

export interface StartEnvironmentOptions extends SourceOptions {
  /** the scenario's name, when the source holds several (default: the first) */
  scenario?: string;
  /** the variant's name (default: the scenario's first variant) */
  variant?: string;
  /** nginx and Node images (defaults as for runScenario) */
  images?: Partial<Images>;
  /** publish nginx on this port of 127.0.0.1 (default: a free port) */
  nginxHostPort?: number;
}

export async function startEnvironment(source: ScenarioSource, options: StartEnvironmentOptions = {}): Promise<ScenarioEnvironment> {
  const plans = await plansFromSource(source, { ...options, cwd: process.cwd() });
  const ofScenario = options.scenario === undefined ? plans.filter((p) => p.scenario.name === plans[0]!.scenario.name) : plans.filter((p) => p.scenario.name === options.scenario);
  if (ofScenario.length === 0) throw new UsageError(`no scenario named "${options.scenario}"`, `The scenarios given: ${[...new Set(plans.map((p) => p.scenario.name))].join(', ')}.`);
  const plan = options.variant === undefined ? ofScenario[0]! : ofScenario.find((p) => p.variant.name === options.variant);
  if (!plan) throw new UsageError(`${ofScenario[0]!.scenario.name} has no variant named "${options.variant}"`, `Its variants: ${ofScenario.map((p) => p.variant.name).join(', ')}.`);

  const images = resolveImages(process.env, options.images);
  const docker = await connectDocker();
  await ensureImages(docker, images, plan.backends.filter((b) => b.app).map((b) => b.app!.image), appServerImages(plan.backends, images));
  const runId = newRunId();
  const reaper = spawnReaper(runId);
  const runtime = new DockerRuntime({ docker, runId, images, backendBundle: join(packageRoot(), 'dist', 'backend', 'server.cjs') });
  try {
    const environment = await runtime.start({
      label: `${plan.scenario.name}/${plan.variant.name}`,
      backends: plan.backends,
      nginxConfig: plan.nginxConfig,
      ...(options.nginxHostPort !== undefined ? { nginxHostPort: options.nginxHostPort } : {}),
    });
    return new DockerScenarioEnvironment(plan, environment, () => runtime.dispose().then(() => removeLabelled(docker, runId)).then(() => reaper?.dismiss()));
  } catch (error) {
    await runtime.dispose().catch(() => undefined);
    await removeLabelled(docker, runId);
    reaper?.dismiss();
    throw error;
  }
}
