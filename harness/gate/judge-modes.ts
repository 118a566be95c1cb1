/**
 * From the variants the gate ran to a verdict per failure mode (pure). Without a baseline the
 * gate passes when every mode is handled, or cannot be fixed in nginx (unless --strict); with a
 * baseline it fails only when the candidate config is worse than the baseline in some mode.
 */
import { wilsonInterval } from '../expect/binomial.js';
import { countStatus } from '../expect/judge.js';
import { failedCount } from '../observe/client-totals.js';
import { verdictLine } from '../report/report-facts.js';
import type { VariantResult } from '../report/run-report.js';
import { compareWithBaseline } from './baseline-comparison.js';
import type { FailureMode } from './failure-modes.js';
import type { GateMode, GateReport, ModeVerdict, ShareOfRun } from './gate-report.js';

export const BASELINE_SUFFIX = '@baseline';

export interface GateInput {
  config: string;
  baseline?: string;
  budget: string[];
  confidence: number;
  strict: boolean;
  modes: FailureMode[];
  results: VariantResult[];
}

export function judgeModes(input: GateInput): GateReport {
  const ran = input.modes.filter((m) => input.results.some((r) => r.scenario === m.scenario && r.variant === m.reproduction.name));
  const modes = ran.map((mode): GateMode => {
    const result = input.results.find((r) => r.scenario === mode.scenario && r.variant === mode.reproduction.name)!;
    const fixableInNginx = mode.nginxFixes.length > 0;
    const verdict = verdictOf(result, fixableInNginx);
    const gateMode: GateMode = { scenario: mode.scenario, variant: mode.reproduction.name, verdict, fixableInNginx, reason: reasonOf(result) };
    if (verdict !== 'handled' && fixableInNginx) gateMode.suggestion = mode.nginxFixes[0]!;
    if (!fixableInNginx) gateMode.backendFixes = mode.backendFixes;
    if (input.baseline !== undefined) {
      const base = input.results.find((r) => r.scenario === mode.scenario && r.variant === `${mode.reproduction.name}${BASELINE_SUFFIX}`);
      const [a, b] = [shareOf(result, input.confidence), base ? shareOf(base, input.confidence) : undefined];
      if (a && b) gateMode.comparison = compareWithBaseline(a, b, input.confidence, ran.length);
    }
    return gateMode;
  });
  const passed = gatePassed(modes, input.baseline !== undefined, input.strict);
  return {
    config: input.config,
    ...(input.baseline !== undefined ? { baseline: input.baseline } : {}),
    budget: input.budget, confidence: input.confidence, strict: input.strict, modes, passed,
  };
}

/** Whether the gate passes with these modes (also for the merged modes of a sharded gate). */
export function gatePassed(modes: readonly GateMode[], withBaseline: boolean, strict: boolean): boolean {
  return withBaseline
    ? modes.every((m) => m.verdict !== 'error' && m.comparison !== undefined && !m.comparison.worse)
    : modes.every((m) => m.verdict === 'handled' || (!strict && !m.fixableInNginx && m.verdict !== 'error'));
}

function verdictOf(result: VariantResult, fixableInNginx: boolean): ModeVerdict {
  switch (result.outcome) {
    case 'error': return 'error';
    case 'passed': return 'handled';
    case 'inconclusive': return fixableInNginx ? 'inconclusive' : 'not-fixable-in-nginx';
    case 'failed': return fixableInNginx ? 'not-handled' : 'not-fixable-in-nginx';
  }
}

function reasonOf(result: VariantResult): string {
  if (result.outcome === 'error') return result.error?.message.split('\n')[0] ?? 'error';
  const shown = result.outcome === 'passed' ? result.verdicts : result.verdicts.filter((v) => !v.pass);
  return shown.map(verdictLine).join('; ');
}

/** The failed share of a run: 5xx responses plus requests without a complete response. */
export function shareOf(result: VariantResult, confidence: number): ShareOfRun | undefined {
  const client = result.observation?.client;
  if (!client || client.sent === 0) return undefined;
  const failed = countStatus('5xx', client.statusCounts) + failedCount(client);
  return { failed, sent: client.sent, interval: wilsonInterval(failed, client.sent, confidence) };
}
