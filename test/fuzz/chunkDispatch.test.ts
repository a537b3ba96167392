/**
 * Which chunks a campaign hands out, and to which worker (src/fuzz/_internals/chunkDispatch.ts):
 * round-robin without a worker or under a time budget; under a `runs` budget each worker keeps to
 * the properties it started, then takes unowned ones, then helps with the rest. Every chunk is
 * handed out once, with the seed of (campaign seed, property, chunk), whatever the order.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ChunkDispatch, type ChunkDispatchOptions } from '../../src/fuzz/_internals/chunkDispatch.js';
import { newPropertyState, type PropertyState } from '../../src/fuzz/_internals/propertyState.js';
import { chunkSeed } from '../../src/fuzz/_internals/seeds.js';
import { passed } from '../../src/fuzz/verdicts.js';
import type { AnyFuzzProperty } from '../../src/fuzz/types.js';

function state(id: string): PropertyState {
  const property: AnyFuzzProperty = { id, description: id, arbitrary: () => fc.constant(null), check: () => passed() };
  return newPropertyState(property, null);
}

function dispatcher(over: Partial<ChunkDispatchOptions> = {}): { d: ChunkDispatch; active: PropertyState[] } {
  const active = ['p', 'q', 'r'].map(state);
  const d = new ChunkDispatch({
    active,
    seed: 's',
    runs: 100,
    chunkSize: 20,
    inShard: () => true,
    steer: () => undefined,
    closed: () => false,
    ...over,
  });
  return { d, active };
}

/** Hands out one chunk at a time for the given workers in turn; returns "worker:property:chunk". */
function drain(d: ChunkDispatch, workers: readonly (number | null)[], limit = 1): string[] {
  const out: string[] = [];
  for (let k = 0; ; k += 1) {
    const worker = workers[k % workers.length] ?? null;
    const next = d.next(() => limit, worker);
    if (next === null) return out;
    for (const t of next.batch) out.push(`${worker ?? '-'}:${t.property}:${t.chunk}`);
  }
}

describe('ChunkDispatch', () => {
  test('without a worker, chunks go round-robin over the properties', () => {
    const { d } = dispatcher();
    expect(drain(d, [null]).slice(0, 7)).toStrictEqual(['-:p:0', '-:q:0', '-:r:0', '-:p:1', '-:q:1', '-:r:1', '-:p:2']);
  });

  test('under a runs budget each worker keeps to its properties, takes unowned ones, then helps', () => {
    const { d } = dispatcher();
    const order = drain(d, [0, 1]);
    // Worker 0 starts p and worker 1 q, each to the end; then worker 0 takes r and worker 1, with
    // nothing of its own or unowned left, helps with it.
    expect(order).toStrictEqual([
      ...[0, 1, 2, 3, 4].flatMap((c) => [`0:p:${c}`, `1:q:${c}`]),
      ...['0:r:0', '1:r:1', '0:r:2', '1:r:3', '0:r:4'],
    ]);
    const { d: d2 } = dispatcher({ active: ['p', 'q', 'r'].map(state) });
    // Worker 1 asks once, worker 0 thrice as often: worker 0 ends up helping with q.
    const helped = drain(d2, [0, 0, 0, 1]);
    expect(helped.filter((c) => c.startsWith('1:')).every((c) => c.startsWith('1:q:'))).toBe(true);
    expect(helped.some((c) => c.startsWith('0:q:'))).toBe(true);
  });

  test('under a time budget the worker does not matter: round-robin', () => {
    const { d } = dispatcher({ runs: null });
    const out: string[] = [];
    for (let k = 0; k < 6; k += 1) {
      const next = d.next(() => 1, k % 2);
      for (const t of next?.batch ?? []) out.push(`${t.property}:${t.chunk}`);
    }
    expect(out).toStrictEqual(['p:0', 'q:0', 'r:0', 'p:1', 'q:1', 'r:1']);
  });

  test('every chunk is handed out once with its own seed, whatever the workers ask', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        (workers, limit) => {
          const { d, active } = dispatcher({ runs: 90 });
          const tasks: string[] = [];
          for (let k = 0; ; k += 1) {
            const next = d.next(() => limit, workers[k % workers.length] ?? null);
            if (next === null) break;
            for (const t of next.batch) {
              expect(t.seed).toBe(chunkSeed('s', t.property, t.chunk));
              expect(t.numRuns).toBe(t.chunk === 4 ? 10 : 20);
              tasks.push(`${t.property}:${t.chunk}`);
            }
          }
          const all = active.flatMap((s) => [0, 1, 2, 3, 4].map((c) => `${s.property.id}:${c}`));
          expect([...tasks].sort()).toStrictEqual([...all].sort());
          expect(active.every((s) => s.exhausted && s.inFlight === 5)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  test('a failed property, the shard and a closed campaign stop what is handed out', () => {
    const { d, active } = dispatcher({ inShard: (chunk) => chunk % 2 === 1 });
    const [p] = active;
    if (p !== undefined) p.failedAt = 1;
    expect(drain(d, [0, 1])).toStrictEqual(['0:q:1', '1:r:1', '0:q:3', '1:r:3']);
    expect(d.chunksLeft(active[1] as PropertyState)).toBe(0);
    let closed = false;
    const { d: d2 } = dispatcher({ closed: () => closed });
    expect(d2.next(() => 1, 0)).not.toBeNull();
    closed = true;
    expect(d2.next(() => 1, 0)).toBeNull();
  });
});
