/**
 * Runs every cause rule and ranks what they propose (pure): by the share of all failures a cause
 * explains, weighted by how strongly the evidence points to it. A cause whose precondition fails
 * (no keep-alive race without upstream keepalive) is not ranked but listed as excluded, with why;
 * confidence follows the amount of evidence (two lines are not "high"); and when nothing decides
 * between the leading causes, the one fact that would is named instead of a ranked guess.
 */
import { maxFailsCauses, refusedCauses, rollingRestartCauses, unreachableConfigCauses } from './causes/availability-causes.js';
import type { CauseCandidate, CauseInput, CauseRule } from './causes/cause-input.js';
import { closedConnectionCauses } from './causes/closed-causes.js';
import { capacityCauses, responseCauses } from './causes/response-causes.js';
import { reachCauses } from './causes/reach-causes.js';
import { connectTimeoutCauses, readTimeoutCauses, sendTimeoutCauses } from './causes/timeout-causes.js';
import { CAUSE_IDS, type Cause, type Confidence, type Diagnosis } from './diagnosis.js';

const RULES: CauseRule[] = [
  readTimeoutCauses, connectTimeoutCauses, sendTimeoutCauses, closedConnectionCauses, refusedCauses, maxFailsCauses,
  unreachableConfigCauses, rollingRestartCauses, responseCauses, capacityCauses, reachCauses,
];

const CONFIDENCE_WEIGHT: Record<Confidence, number> = { high: 1, medium: 0.6, low: 0.25 };
const ORDER: Confidence[] = ['low', 'medium', 'high'];

export interface Ranking {
  causes: Cause[];
  excluded: Diagnosis['excluded'];
  undecided: Diagnosis['undecided'];
}

export function rankCauses(input: CauseInput): Ranking {
  const candidates = RULES.flatMap((rule) => rule(input));
  const excluded = candidates.filter((c) => c.precondition?.holds === false).map((c) => ({ id: c.id, why: c.precondition!.why }));
  const access = input.access;
  const http09 = Math.max(0, (access?.statusCounts['009'] ?? 0) - (input.errors.signatureCounts['upstream-no-valid-http-header'] ?? 0));
  const extra = access ? Object.values(access.backend5xx).reduce((a, b) => a + b, 0) + http09 : 0;
  const denominator = Math.max(1, input.failureLines + extra);
  const ranked = candidates
    .filter((c) => c.precondition?.holds !== false)
    .map((c) => weighed(c))
    .map(({ precondition: _p, ...c }) => ({ ...c, score: Number(((Math.min(c.explains, denominator) / denominator) * CONFIDENCE_WEIGHT[c.confidence]).toFixed(4)) }))
    .sort((a, b) => b.score - a.score || CAUSE_IDS.indexOf(a.id) - CAUSE_IDS.indexOf(b.id));
  // two rules may propose the same cause from different evidence: the stronger one stands
  const causes = ranked.filter((c, i) => ranked.findIndex((d) => d.id === c.id) === i);
  const unique = excluded.filter((e, i) => excluded.findIndex((f) => f.id === e.id) === i && !causes.some((c) => c.id === e.id));
  return { causes, excluded: unique, undecided: undecidedOf(causes) };
}

/** Confidence no higher than the amount of evidence and the precondition allow. */
function weighed(c: CauseCandidate): CauseCandidate {
  const byVolume: Confidence = c.explains < 3 ? 'low' : c.explains < 10 ? 'medium' : 'high';
  const byPrecondition: Confidence = c.precondition?.holds === undefined && c.precondition ? 'low' : 'high';
  const confidence = ORDER[Math.min(ORDER.indexOf(c.confidence), ORDER.indexOf(byVolume), ORDER.indexOf(byPrecondition))]!;
  const evidence = [...c.evidence];
  if (confidence !== c.confidence && byVolume !== 'high' && ORDER.indexOf(byVolume) < ORDER.indexOf(c.confidence)) {
    evidence.push(`only ${c.explains} line${c.explains === 1 ? '' : 's'} of evidence: confidence ${confidence} at most`);
  }
  if (c.precondition && c.precondition.holds === undefined && !evidence.includes(c.precondition.why)) evidence.push(`unknown whether it can hold: ${c.precondition.why}`);
  return { ...c, confidence, evidence };
}

/** Leading causes that nothing here tells apart, and the fact that would. */
function undecidedOf(causes: Cause[]): Diagnosis['undecided'] {
  const top = causes[0];
  if (!top) return null;
  const close = causes.filter((c) => c.score >= 0.8 * top.score && c.confidence !== 'high').slice(0, 4);
  if (top.confidence === 'high' || (top.confidence === 'medium' && close.length < 2)) return null;
  const between = (close.length > 0 ? close : [top]).map((c) => c.id);
  const decidedBy = [...new Set(causes.filter((c) => between.includes(c.id)).map((c) => c.decidedBy).filter((d): d is string => d !== undefined))];
  return { between, decidedBy: decidedBy.length > 0 ? decidedBy : ["the backend's own log at these times"] };
}
