import type { BlockReason } from '../../types/machine.js';

/**
 * The scheduler's blocked map (machine.md §7.1), keyed by coroutine id. A `Map` shrinks and
 * regrows its table each time a lone blocked coroutine is woken and another blocks, which costs
 * more than the rest of a step; ids are dense, so an array indexed by id does the same job.
 * Iteration is in ascending id order.
 * @internal
 */
export class BlockedMap implements Iterable<[number, BlockReason]> {
  private readonly reasons: (BlockReason | undefined)[] = [];
  private count = 0;
  /** Bumped by every change: observers that saw a version know nothing changed since. */
  version = 0;

  get size(): number {
    return this.count;
  }

  /** One past the highest id ever blocked: `get(i)` for `i` below it visits every entry, allocation-free. */
  get span(): number {
    return this.reasons.length;
  }

  get(cid: number): BlockReason | undefined {
    return this.reasons[cid];
  }

  has(cid: number): boolean {
    return this.reasons[cid] !== undefined;
  }

  set(cid: number, reason: BlockReason): this {
    if (this.reasons[cid] === undefined) this.count += 1;
    this.version += 1;
    while (this.reasons.length < cid) this.reasons.push(undefined);
    this.reasons[cid] = reason;
    return this;
  }

  delete(cid: number): boolean {
    if (this.reasons[cid] === undefined) return false;
    this.reasons[cid] = undefined;
    this.count -= 1;
    this.version += 1;
    return true;
  }

  *keys(): IterableIterator<number> {
    for (let i = 0; i < this.reasons.length; i++) if (this.reasons[i] !== undefined) yield i;
  }

  *entries(): IterableIterator<[number, BlockReason]> {
    for (let i = 0; i < this.reasons.length; i++) {
      const r = this.reasons[i];
      if (r !== undefined) yield [i, r];
    }
  }

  [Symbol.iterator](): IterableIterator<[number, BlockReason]> {
    return this.entries();
  }
}
