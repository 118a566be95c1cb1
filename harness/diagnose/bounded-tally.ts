/**
 * Counters keyed by strings from the logs (endpoints, upstreams, messages) with a bound on the
 * number of keys: past it, new keys share one "(other)" entry, so memory stays flat on any log.
 */

export const OTHER_KEY = '(other)';

/**
 * A copy of a string that shares no memory with the text it was cut from. V8 keeps a substring
 * as a view of its parent: one kept example or key would keep the whole 1 MiB chunk it came from
 * alive. Everything kept past the current line goes through here.
 */
export function detach(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

export type Counts = Record<string, number>;

export class BoundedTally<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly maxKeys: number, private readonly create: () => T) {}

  get(key: string): T {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const bounded = this.entries.size >= this.maxKeys ? OTHER_KEY : detach(key);
      entry = this.entries.get(bounded);
      if (entry === undefined) {
        entry = this.create();
        this.entries.set(bounded, entry);
      }
    }
    return entry;
  }

  map<U>(fn: (entry: T, key: string) => U): Record<string, U> {
    const result: Record<string, U> = {};
    for (const [key, entry] of this.entries) result[key] = fn(entry, key);
    return result;
  }

  get size(): number {
    return this.entries.size;
  }
}

export function bump(counts: Counts, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

export function sumCounts(counts: Counts): number {
  let total = 0;
  for (const value of Object.values(counts)) total += value;
  return total;
}

/** The n largest entries, largest first (ties by key, for stable output). */
export function topEntries(counts: Counts, n: number): [string, number][] {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n);
}

/** A few examples, the first ones seen. */
export class Examples {
  readonly items: string[] = [];
  constructor(private readonly max: number) {}
  add(text: string): void {
    if (this.items.length < this.max) this.items.push(detach(text.length > 600 ? `${text.slice(0, 600)}…` : text));
  }
}
