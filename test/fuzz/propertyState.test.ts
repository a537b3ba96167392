/**
 * A property's campaign state (src/fuzz/_internals/propertyState.ts): results come back in any
 * order, a failing chunk drops the results above it, and the counted cases are a running total
 * that must equal the sum over the results kept (up to and including the lowest failure).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  countedCases,
  newPropertyState,
  recordResult,
  type PropertyState,
} from '../../src/fuzz/_internals/propertyState.js';
import type { ChunkFailure, ChunkResult } from '../../src/fuzz/_internals/runChunk.js';
import { passed } from '../../src/fuzz/verdicts.js';
import type { AnyFuzzProperty } from '../../src/fuzz/types.js';

function state(): PropertyState {
  const property: AnyFuzzProperty = {
    id: 'p',
    description: 'p',
    arbitrary: () => fc.constant(null),
    check: () => passed(),
  };
  return newPropertyState(property, null);
}

const failure = { seed: 1, path: '0', input: null, summary: 'x', divergence: null, numShrinks: 0 } as ChunkFailure;

function result(chunk: number, cases: number, fails: boolean): ChunkResult {
  return { property: 'p', chunk, cases, ms: 1, failure: fails ? failure : null };
}

/** What the campaign loop records: nothing above the lowest failure. */
function accept(s: PropertyState, r: ChunkResult): void {
  if (s.failedAt !== null && r.chunk > s.failedAt) return;
  recordResult(s, r);
}

describe('recordResult / countedCases', () => {
  test('counts every case of a campaign without failures', () => {
    const s = state();
    for (let c = 0; c < 5; c++) accept(s, result(c, 20, false));
    expect(countedCases(s)).toBe(100);
  });

  test('a failure drops the results above it, and a lower one drops more', () => {
    const s = state();
    for (const c of [0, 1, 2, 3, 4]) accept(s, result(c, 20, false));
    accept(s, result(6, 7, true));
    expect([s.failedAt, countedCases(s)]).toEqual([6, 107]);
    accept(s, result(2, 5, true));
    expect([s.failedAt, [...s.results.keys()].sort(), countedCases(s)]).toEqual([2, [0, 1, 2], 45]);
    accept(s, result(5, 20, false));
    expect(countedCases(s)).toBe(45);
  });

  test('the running total is the sum over the kept results, in any order (seed 31)', () => {
    const events = fc.array(fc.record({ chunk: fc.nat(40), cases: fc.nat(20), fails: fc.boolean() }), {
      maxLength: 80,
    });
    fc.assert(
      fc.property(events, (evs) => {
        const s = state();
        for (const e of evs) {
          accept(s, result(e.chunk, e.cases, e.fails && e.chunk % 7 === 0));
          const kept = [...s.results.values()];
          expect(kept.every((r) => s.failedAt === null || r.chunk <= s.failedAt)).toBe(true);
          expect(countedCases(s)).toBe(kept.reduce((n, r) => n + r.cases, 0));
        }
      }),
      { seed: 31, numRuns: 300 },
    );
  });
});
