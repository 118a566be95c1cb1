/**
 * Picks the next request of a weighted mix (pure): smooth weighted round robin, as nginx's
 * upstream balancer, so any window of the load holds the declared shares (within one request per
 * entry) and every run sends the same sequence.
 */
export class RequestMix<T> {
  private readonly current: number[];
  private readonly total: number;

  constructor(private readonly entries: readonly { item: T; weight: number }[]) {
    if (entries.length === 0) throw new Error('a request mix needs at least one entry');
    this.current = entries.map(() => 0);
    this.total = entries.reduce((sum, e) => sum + e.weight, 0);
    if (!(this.total > 0)) throw new Error('a request mix needs a positive total weight');
  }

  next(): T {
    if (this.entries.length === 1) return this.entries[0]!.item;
    let best = 0;
    for (let i = 0; i < this.entries.length; i++) {
      this.current[i]! += this.entries[i]!.weight;
      if (this.current[i]! > this.current[best]!) best = i;
    }
    this.current[best]! -= this.total;
    return this.entries[best]!.item;
  }
}
