/**
 * The steering folds the results of chunks that came back in a row into running totals
 * (src/fuzz/_internals/steering.ts): the report and the seed pool's candidates must be exactly
 * those of every counted result kept whole, whatever order results arrive in and wherever the
 * lowest failure is, and a long campaign must not keep a result per chunk.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { builtinProperties } from '../../src/fuzz/builtinProperties.js';
import type { ChunkResult } from '../../src/fuzz/_internals/runChunk.js';
import type { PoolCandidate } from '../../src/fuzz/_internals/seedPool.js';
import { mergeStats, sortedStats, type StatisticsTable } from '../../src/fuzz/_internals/statistics.js';
import { PropertySteering } from '../../src/fuzz/_internals/steering.js';
import { testSeed } from '../_helpers/seed.js';

const property = builtinProperties().find((p) => p.id === 'cooperative-vs-reference');
if (property === undefined) throw new Error('missing cooperative-vs-reference');
const steering = () => new PropertySteering(property, { seed: 's', swarm: false, feedback: false });
const FEATURES = ['status:done', 'status:faulted', 'event:sent', 'event:received', 'name:astral', 'op:Send'];

interface Chunk {
  readonly stats: StatisticsTable;
  readonly features: Record<string, number>;
  readonly firstHits: Record<string, number>;
  readonly fails: boolean;
}

const chunkArb: fc.Arbitrary<Chunk> = fc
  .record({
    stats: fc.dictionary(fc.constantFrom('depth', 'roles'), fc.dictionary(fc.constantFrom('1', '2', '3'), fc.nat(9))),
    hits: fc.uniqueArray(fc.tuple(fc.constantFrom(...FEATURES), fc.integer({ min: 1, max: 5 }), fc.nat(7)), {
      selector: ([f]) => f,
    }),
    fails: fc.boolean(),
  })
  .map(({ stats, hits, fails }) => ({
    stats,
    features: Object.fromEntries(hits.map(([f, n]) => [f, n])),
    firstHits: Object.fromEntries(hits.map(([f, , i]) => [f, i])),
    fails,
  }));

function result(chunk: number, c: Chunk): ChunkResult {
  return {
    property: property?.id ?? '',
    chunk,
    cases: 10,
    ms: 1,
    failure: c.fails
      ? {
          seed: chunk,
          path: '0',
          input: null,
          summary: 'x',
          divergence: null,
          numShrinks: 0,
          detectCases: 1,
          detectMs: 1,
        }
      : null,
    stats: c.stats,
    features: c.features,
    firstHits: c.firstHits,
  } as ChunkResult;
}

// The report and candidates computed from every counted result, kept whole (what the steering
// did before it folded).
function expected(
  results: readonly ChunkResult[],
  replayed: readonly string[],
  last: number | null,
): { statistics: Record<string, Record<string, number>>; seen: string[]; candidates: PoolCandidate[] } {
  const counted = results.filter((r) => last === null || r.chunk <= last).sort((a, b) => a.chunk - b.chunk);
  const table: StatisticsTable = {};
  const seen = new Set(replayed);
  for (const r of counted) {
    mergeStats(table, r.stats ?? {});
    for (const f of Object.keys(r.features ?? {})) seen.add(f);
  }
  const poolSeen = new Set(replayed);
  const candidates: PoolCandidate[] = [];
  for (const r of counted) {
    const byCase = new Map<number, string[]>();
    for (const [f, index] of Object.entries(r.firstHits ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (poolSeen.has(f)) continue;
      poolSeen.add(f);
      byCase.set(index, [...(byCase.get(index) ?? []), f]);
    }
    for (const [index, features] of [...byCase].sort(([a], [b]) => a - b))
      candidates.push({ seed: 1000 + r.chunk, path: String(index), swarm: null, features });
  }
  return { statistics: sortedStats(table), seen: [...seen].sort(), candidates };
}

describe('steering folds the chunks that came back in a row (a long campaign keeps no result per chunk)', () => {
  test(`report and pool candidates equal those of every counted result, in any arrival order (seed ${testSeed(41)})`, () => {
    fc.assert(
      fc.property(
        fc.array(chunkArb, { minLength: 1, maxLength: 30 }).chain((chunks) =>
          fc.record({
            chunks: fc.constant(chunks),
            order: fc.shuffledSubarray(
              chunks.map((_, i) => i),
              { minLength: chunks.length, maxLength: chunks.length },
            ),
            // Chunks that never come back (a deadline): the ones after them cannot fold.
            lost: fc.uniqueArray(fc.nat(chunks.length - 1), { maxLength: 2 }),
            replayed: fc.subarray(FEATURES),
          }),
        ),
        ({ chunks, order, lost, replayed }) => {
          const s = steering();
          s.acceptReplayed(replayed);
          chunks.forEach((_, i) => s.configFor(i, 1000 + i));
          const arrived: ChunkResult[] = [];
          for (const i of order) {
            const c = chunks[i];
            if (c === undefined || lost.includes(i)) continue;
            const r = result(i, c);
            arrived.push(r);
            s.accept(r);
          }
          // What the campaign passes: the lowest failing chunk that came back.
          const failing = arrived.filter((r) => r.failure !== null).map((r) => r.chunk);
          const last = failing.length === 0 ? null : Math.min(...failing);
          const want = expected(arrived, replayed, last);
          const got = s.report(last);
          expect(got.statistics).toEqual(want.statistics);
          expect(got.coverage?.seen).toEqual(want.seen);
          expect(s.poolCandidates(last)).toEqual(want.candidates);
        },
      ),
      { seed: testSeed(41), numRuns: 300 },
    );
  });

  test('20,000 chunks in a row keep no result whole; a missing first chunk holds them until it comes', () => {
    const s = steering();
    const plain: Chunk = { stats: { depth: { '1': 3 } }, features: { 'event:sent': 3 }, firstHits: {}, fails: false };
    for (let i = 0; i < 20_000; i++) {
      s.configFor(i, i);
      s.accept(result(i, plain));
    }
    expect(s.unfoldedResults()).toBe(0);
    expect(s.report(null).statistics).toEqual({ depth: { '1': 60_000 } });

    const gap = steering();
    for (let i = 0; i < 100; i++) gap.configFor(i, i);
    for (let i = 1; i < 100; i++) gap.accept(result(i, plain));
    expect(gap.unfoldedResults()).toBe(99);
    gap.accept(result(0, plain));
    expect(gap.unfoldedResults()).toBe(0);
    // A chunk's result counts once, folded or not.
    gap.accept(result(0, plain));
    expect(gap.report(null).statistics).toEqual({ depth: { '1': 300 } });
  });
});
