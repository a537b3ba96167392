import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { heapOpsArb } from '../../arbitraries/heapOps.js';
import { Heap } from '../../src/heap/Heap.js';
import { applyHeapOp } from '../../src/heap/replayHeapCorpus.js';
import type { HeapOp } from '../../src/types/heap.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(7);

describe(`heapOpsArb (seed ${SEED})`, () => {
  test('is deterministic for a seed', () => {
    expect(fc.sample(heapOpsArb(), { seed: SEED, numRuns: 5 })).toEqual(
      fc.sample(heapOpsArb(), { seed: SEED, numRuns: 5 }),
    );
  });

  test('produces valid and invalid operations of every kind', () => {
    const seen = new Set<string>();
    for (const ops of fc.sample(heapOpsArb({ maxLength: 30 }), { seed: SEED, numRuns: 80 })) {
      const heap = new Heap();
      for (const op of ops) {
        const r = applyHeapOp(heap, op);
        seen.add(`${op.op}:${r.ok === true ? 'ok' : String(r.error)}`);
      }
    }
    for (const k of [
      'alloc:ok',
      'consume:ok',
      'consume:AlreadyConsumed',
      'consume:NotFound',
      'read:ok',
      'read:NotFound',
      'remove:ok',
      'remove:NotFound',
      'consume_many:ok',
      'consume_many:NotFound',
    ]) {
      expect(seen).toContain(k);
    }
  });

  test('respects maxLength, kinds and withRemove', () => {
    for (const ops of fc.sample(heapOpsArb({ maxLength: 5, kinds: ['session'], withRemove: false }), {
      seed: SEED,
      numRuns: 50,
    })) {
      expect(ops.length).toBeLessThanOrEqual(5);
      expect(ops.map((op) => op.op)).not.toContain('remove');
      expect(new Set(ops.flatMap((op) => (op.op === 'alloc' ? [op.resource.kind] : [])))).toEqual(
        new Set(ops.some((op) => op.op === 'alloc') ? ['session'] : []),
      );
    }
  });

  test('shrinks a failing sequence to a short one', () => {
    const out = fc.check(
      fc.property(heapOpsArb(), (ops: HeapOp[]) => {
        const heap = new Heap();
        for (const op of ops) applyHeapOp(heap, op);
        return heap.nullifiedCount < 2;
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(out.failed).toBe(true);
    const [ops] = out.counterexample!;
    expect(ops.length).toBeLessThanOrEqual(4);
  });
});
