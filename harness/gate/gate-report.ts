/**
 * What the gate says per failure mode, as plain data in report.json (`gate`): handled, not
 * handled (with what the catalog's fix changes in nginx), not fixable in nginx (every fix changes
 * a backend), inconclusive, or error; and, with a baseline config, whether the candidate is worse.
 */
import type { ShareInterval } from '../expect/binomial.js';

export type ModeVerdict = 'handled' | 'not-handled' | 'not-fixable-in-nginx' | 'inconclusive' | 'error';

export interface ShareOfRun {
  /** failed requests: 5xx responses plus requests without a complete, valid response */
  failed: number;
  sent: number;
  interval: ShareInterval;
}

export interface BaselineComparison {
  candidate: ShareOfRun;
  baseline: ShareOfRun;
  /** one-sided Fisher exact test that the candidate's failed share is higher */
  pValue: number;
  /** the level each mode is tested at: (1 - confidence) / modes compared (Bonferroni) */
  alpha: number;
  worse: boolean;
}

export interface GateMode {
  scenario: string;
  /** the reproduction variant that ran against the config */
  variant: string;
  verdict: ModeVerdict;
  /** whether the user's config can fix it (a catalog fix changes nginx only) */
  fixableInNginx: boolean;
  /** why: the budget as measured, or what was left undecided */
  reason: string;
  /** for a mode the config does not handle: what the catalog's nginx fix changes */
  suggestion?: { variant: string; summary?: string; changes: string[] };
  /** for a mode nginx cannot fix: the catalog's fixes, each of which changes a backend */
  backendFixes?: { variant: string; summary?: string }[];
  comparison?: BaselineComparison;
}

export interface GateReport {
  /** the user's config as given */
  config: string;
  /** with --baseline: the config compared against */
  baseline?: string;
  budget: string[];
  confidence: number;
  /** --strict: modes not fixable in nginx fail the gate too */
  strict: boolean;
  modes: GateMode[];
  /** whether the gate passed (exit code 0 unless a mode errored) */
  passed: boolean;
}

export const MODE_VERDICT_TITLES: Record<ModeVerdict, string> = {
  handled: 'handled',
  'not-handled': 'not handled',
  'not-fixable-in-nginx': 'not fixable in nginx',
  inconclusive: 'inconclusive',
  error: 'error',
};
