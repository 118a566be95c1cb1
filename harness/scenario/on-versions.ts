/**
 * A scenario's plans on each nginx version line it runs on (pure): nginx.versions, or the lines
 * --nginx-version gives, which replace them. Each plan is repeated per line with the line's own
 * expectations (expect_by_version) over its common ones; with more than one line each variant's
 * name gets "@<line>" so that every result, report folder and filter stays distinct. Plans of one
 * scenario run version by version (all its variants on a line, then the next line), so that a
 * runtime that keeps nginx between variants changes its image once per line.
 */
import type { VariantPlan } from './expand.js';

export const VERSION_SEPARATOR = '@';

export function onVersions(plans: readonly VariantPlan[], override?: readonly string[]): VariantPlan[] {
  const out: VariantPlan[] = [];
  for (const scenario of [...new Set(plans.map((p) => p.scenario))]) {
    const own = plans.filter((p) => p.scenario === scenario);
    const lines = override !== undefined && override.length > 0 ? override : scenario.nginx.versions ?? [];
    if (lines.length === 0) out.push(...own);
    for (const line of lines) out.push(...own.map((plan) => onVersion(plan, line, lines.length > 1)));
  }
  return out;
}

function onVersion(plan: VariantPlan, line: string, suffixed: boolean): VariantPlan {
  const expect = { ...plan.variant.expect, ...(plan.variant.expect_by_version?.[line] ?? {}) };
  const name = suffixed ? `${plan.variant.name}${VERSION_SEPARATOR}${line}` : plan.variant.name;
  return { ...plan, nginxVersion: line, variant: { ...plan.variant, name, expect } };
}

/** A variant's name without the version suffix onVersions added. */
export function baseVariantName(name: string, line: string | undefined): string {
  const suffix = `${VERSION_SEPARATOR}${line}`;
  return line !== undefined && name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
}
