/**
 * The budget every point of a sweep is held to (pure): the gate's budget as given, and, when it
 * names only status codes ("5xx<=1%", "502<0.5%"), requests without a complete, valid response
 * held to the same bound too ("errors"), so that a point whose requests were lost, cut or left
 * unanswered never passes for want of a status. "failed" and "errors" already count them.
 */
import { parseComparator } from '../expect/comparator.js';
import type { Expectations } from '../scenario/schema.js';

export interface PointBudget {
  expect: Expectations;
  /** what was added to the budget as given, for the output */
  added?: string;
}

export function pointBudget(budget: Expectations): PointBudget {
  if (budget.failed !== undefined || budget.transport_errors !== undefined) return { expect: budget };
  const bounds = Object.values(budget.status ?? {}).flatMap((input) => {
    const parsed = input === undefined ? undefined : parseComparator(input);
    return parsed?.ok && (parsed.value.op === '<=' || parsed.value.op === '<') ? [parsed.value] : [];
  });
  if (bounds.length === 0) return { expect: budget };
  // the tightest of the same unit as the first: a share bound, or a count bound
  const unit = bounds[0]!.unit;
  const tightest = bounds.filter((b) => b.unit === unit).sort((a, b) => a.value - b.value)[0]!;
  return { expect: { ...budget, transport_errors: tightest.text }, added: `errors ${tightest.text}` };
}
