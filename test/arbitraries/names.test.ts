/**
 * Issue #11 §2–3: one name generator for every arbitrary that draws names, shadowed recursion
 * variables, reused labels, and rejections from natural variety with computed verdicts.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NAME_CLASSES, NAME_HAZARDS, nameClass, nameClassOf, namePoolArb } from '../../arbitraries/names.js';
import { globalTypeArb } from '../../arbitraries/globalType.js';
import { localTypeArb } from '../../arbitraries/localType.js';
import { runRequestCaseArb } from '../../arbitraries/runRequest.js';
import { codeImageCaseArb } from '../../arbitraries/codeImage.js';
import { imageRunCaseArb } from '../../arbitraries/imageRunCase.js';
import { instructionArb } from '../../arbitraries/instruction.js';
import { programArb } from '../../arbitraries/program.js';
import { rustEventArb } from '../../arbitraries/rustEvent.js';
import type { Instruction } from '../../src/types/machine.js';
import { globalNames, imageNames, verdictBucket } from '../../src/fuzz/_internals/observeCase.js';
import { compareCodePoints } from '../../src/projection/rolesSorted.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import type { GlobalType, LocalType } from '../../src/types/session.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(1107);

const simpleOnly = (names: readonly string[]): boolean => names.every((n) => nameClass(n) === 'simple');
const wellFormed = (s: string): boolean =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

function localNames(t: LocalType, out: string[] = []): string[] {
  if (t.kind === 'send' || t.kind === 'recv') {
    out.push(t.partner);
    for (const b of t.branches) {
      out.push(b.label.name);
      localNames(b.continuation, out);
    }
  } else if (t.kind === 'rec') {
    out.push(t.var);
    localNames(t.body, out);
  } else if (t.kind === 'var') out.push(t.name);
  return out;
}

describe('the name generator', () => {
  test("'simple' is today's names; a pool is distinct, never empty, never a lone surrogate or a comma", () => {
    expect(fc.sample(namePoolArb('simple', ['A', 'B']), { seed: SEED, numRuns: 3 })).toEqual([
      ['A', 'B'],
      ['A', 'B'],
      ['A', 'B'],
    ]);
    for (const pool of fc.sample(namePoolArb('rich', ['A', 'B', 'C', 'D', 'Z']), { seed: SEED, numRuns: 300 })) {
      expect(new Set(pool).size).toBe(pool.length);
      for (const n of pool) {
        expect(n.length).toBeGreaterThan(0);
        expect(n).not.toContain(',');
        expect(wellFormed(n), JSON.stringify(n)).toBe(true);
      }
    }
  });

  test("'rich' covers every class, and orders that disagree", () => {
    const pools = fc.sample(namePoolArb('rich', ['A', 'B', 'C', 'D']), { seed: SEED, numRuns: 400 });
    const classes = new Set(pools.flatMap((p) => [nameClassOf(p), ...p.map(nameClass)]));
    expect([...classes].sort()).toEqual([...NAME_CLASSES].sort());
    // Case folding is a rich collision only: role `A` beside label `a` is today's simple names.
    expect([nameClassOf(['A', 'a', 'B']), nameClassOf(['ab', 'AB']), nameClassOf(['a', 'A_'])]).toStrictEqual([
      'simple',
      'case-fold',
      'mixed',
    ]);
    const pairs = pools.flatMap((p) => p.flatMap((a) => p.map((b) => [a, b] as const)));
    const sign = (x: number): number => Math.sign(x);
    const utf16 = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    // Code-point order vs UTF-16 order, vs case-insensitive order, vs locale order.
    expect(pairs.some(([a, b]) => sign(compareCodePoints(a, b)) !== sign(utf16(a, b)))).toBe(true);
    expect(
      pairs.some(([a, b]) => sign(compareCodePoints(a, b)) !== sign(utf16(a.toLowerCase(), b.toLowerCase()))),
    ).toBe(true);
    expect(pairs.some(([a, b]) => sign(compareCodePoints(a, b)) !== sign(a.localeCompare(b)))).toBe(true);
    // Equal up to case, and canonically equivalent but different.
    expect(pairs.some(([a, b]) => a !== b && a.toLowerCase() === b.toLowerCase())).toBe(true);
    expect(pairs.some(([a, b]) => a !== b && a.normalize() === b.normalize())).toBe(true);
    expect(pools.flat().some((n) => n.length > 16)).toBe(true);
  });

  test("a focused space 'rich:<hazard>' makes that hazard's near-collisions meet in most pools", () => {
    const sample = (space: `rich:${(typeof NAME_HAZARDS)[number]}`) =>
      fc.sample(namePoolArb(space, ['m', 'a', 'b', 'ok']), { seed: SEED, numRuns: 300 });
    const share = (pools: string[][], pair: (a: string, b: string) => boolean): number =>
      pools.filter((p) => p.some((a, i) => p.some((b, j) => i < j && pair(a, b)))).length / pools.length;
    const sign = (x: number): number => Math.sign(x);
    const pairs = {
      case: (a: string, b: string) => a !== b && a.toLowerCase() === b.toLowerCase(),
      // Different astral names sharing every UTF-16 unit but the last (their high surrogates too).
      astral: (a: string, b: string) =>
        /[\u{10000}-\u{10ffff}]/u.test(a) && a.length === b.length && a !== b && a.slice(0, -1) === b.slice(0, -1),
      order: (a: string, b: string) => sign(compareCodePoints(a, b)) !== sign(a.localeCompare(b)),
    };
    const rich = fc.sample(namePoolArb('rich', ['m', 'a', 'b', 'ok']), { seed: SEED, numRuns: 300 });
    for (const hazard of NAME_HAZARDS) {
      const pools = sample(`rich:${hazard}`);
      const focused = share(pools, pairs[hazard]);
      // Most pools, and more than the unfocused rich space (several times more for case and astral).
      expect(focused, hazard).toBeGreaterThan(0.5);
      expect(focused, hazard).toBeGreaterThan((hazard === 'order' ? 1.2 : 2) * share(rich, pairs[hazard]));
      for (const pool of pools) {
        expect(new Set(pool).size).toBe(pool.length);
        for (const n of pool) {
          expect(n.length).toBeGreaterThan(0);
          expect(n).not.toContain(',');
          expect(wellFormed(n), JSON.stringify(n)).toBe(true);
        }
      }
    }
    // They shrink toward the simple names like 'rich'.
    const out = fc.check(
      fc.property(globalTypeArb({ names: 'rich:case', roles: 3 }), (g) => simpleOnly(globalNames(g))),
      { seed: SEED, numRuns: 200 },
    );
    expect(out.failed).toBe(true);
    expect(globalNames(out.counterexample?.[0] as GlobalType).filter((n) => nameClass(n) !== 'simple')).toHaveLength(1);
    expect(() => namePoolArb('rich:bogus' as never, ['A'])).toThrow(expect.objectContaining({ code: 'InvalidOption' }));
  });

  test('a user arbitrary is used as given, made distinct per pool', () => {
    const [pool] = fc.sample(namePoolArb(fc.constant('x'), ['A', 'B', 'C']), { seed: SEED, numRuns: 1 });
    expect(new Set(pool).size).toBe(3);
    expect(pool).toContain('x');
    expect(() => namePoolArb('fancy' as never, ['A'])).toThrow(expect.objectContaining({ code: 'InvalidOption' }));
  });

  test('every arbitrary that draws names takes names: rich', () => {
    const rich = (names: readonly string[]): boolean => !simpleOnly(names.filter((n) => !/^(R\d+|Z\d*)$/.test(n)));
    const some = <T>(arb: fc.Arbitrary<T>, names: (x: T) => string[]): boolean =>
      fc.sample(arb, { seed: SEED, numRuns: 60 }).some((x) => rich(names(x)));
    expect(some(globalTypeArb({ names: 'rich' }), (g) => globalNames(g))).toBe(true);
    expect(some(localTypeArb({ names: 'rich' }), (t) => localNames(t))).toBe(true);
    expect(
      some(runRequestCaseArb({ names: 'rich', rejected: 0.3 }), ({ request }) =>
        request.choreographies.flatMap((c) => [...c.roles, ...globalNames(c.global_type as GlobalType)]),
      ),
    ).toBe(true);
    expect(some(codeImageCaseArb({ names: 'rich' }), ({ image }) => imageNames(image))).toBe(true);
    // Random and mutated code uses the image's own names (Offer/Choose labels, endpoint roles).
    const random = fc
      .sample(imageRunCaseArb({ names: 'rich', randomCodeRatio: 0.9, mutateRatio: 0 }), { seed: SEED, numRuns: 60 })
      .map(({ image }) => image.program.code.flatMap((i) => (i.op === 'Offer' ? [i.label] : [])));
    expect(random.some((labels) => rich(labels))).toBe(true);
    // 'simple' stays simple.
    expect(
      some(runRequestCaseArb({ rejected: 0.3 }), ({ request }) =>
        request.choreographies.flatMap((c) => c.roles.filter((r) => typeof r === 'string')),
      ),
    ).toBe(false);
  });

  test('instructions, programs and Rust events take names too (one pool per program)', () => {
    const labelsOf = (code: readonly Instruction[]): string[] =>
      code.flatMap((i) => (i.op === 'Offer' ? [i.label] : i.op === 'Choose' ? i.table.map(([l]) => l) : []));
    const programs = fc.sample(programArb({ names: 'rich', ops: ['Offer', 'Choose'], maxLength: 6 }), {
      seed: SEED,
      numRuns: 80,
    });
    expect(programs.some((code) => !simpleOnly(labelsOf(code)))).toBe(true);
    // A program's labels come from one pool of 5 (the default label count): Offer and Choose meet.
    expect(programs.every((code) => new Set(labelsOf(code)).size <= 5)).toBe(true);
    const instructions = fc.sample(instructionArb({ names: 'rich', ops: ['Offer'] }), { seed: SEED, numRuns: 60 });
    expect(instructions.some((i) => i.op === 'Offer' && nameClass(i.label) !== 'simple')).toBe(true);
    const events = fc.sample(fc.array(rustEventArb({ names: 'rich' }), { maxLength: 4 }), { seed: SEED, numRuns: 80 });
    const roles = events.flatMap((trace) =>
      trace.flatMap((e) => {
        const body = Object.values(e)[0] as Record<string, unknown>;
        return [body.role, body.from, body.to].filter((r): r is string => typeof r === 'string');
      }),
    );
    expect(roles.some((r) => !['A', 'B', 'C'].includes(r))).toBe(true);
    expect(() => instructionArb({ names: 'fancy' as unknown as 'rich' })).toThrow(/names must be/);
  });

  test('rich names shrink toward simple names', () => {
    const out = fc.check(
      fc.property(globalTypeArb({ names: 'rich', roles: 4 }), (g) => simpleOnly(globalNames(g))),
      { seed: SEED, numRuns: 200 },
    );
    expect(out.failed).toBe(true);
    const names = new Set(globalNames(out.counterexample?.[0] as GlobalType));
    expect([...names].filter((n) => nameClass(n) !== 'simple')).toHaveLength(1);
  });
});

describe('shadowing and reuse', () => {
  const nestedSame = (g: GlobalType, bound: readonly string[] = []): boolean => {
    switch (g.kind) {
      case 'rec':
        return bound.includes(g.var) || nestedSame(g.body, [...bound, g.var]);
      case 'comm':
        return g.branches.some((b) => nestedSame(b.continuation, bound));
      default:
        return false;
    }
  };
  test('recursion variables are reused in nested loops; labels repeat across nested and sibling choices', () => {
    const types = fc.sample(globalTypeArb({ names: 'rich', wellFormedOnly: true }), { seed: SEED, numRuns: 300 });
    expect(types.filter((g) => nestedSame(g)).length).toBeGreaterThan(0);
    const loopy = globalTypeArb({ wellFormedOnly: true, shadowRatio: 0.8, recursionWeight: 6 });
    expect(fc.sample(loopy, { seed: SEED, numRuns: 300 }).filter((g) => nestedSame(g)).length).toBeGreaterThan(8);
    const repeated = types.filter((g) => {
      const labels: string[] = [];
      const walk = (t: GlobalType): void => {
        if (t.kind === 'comm')
          for (const b of t.branches) {
            labels.push(b.label.name);
            walk(b.continuation);
          }
        else if (t.kind === 'rec') walk(t.body);
      };
      walk(g);
      return new Set(labels).size < labels.length;
    });
    expect(repeated.length).toBeGreaterThan(50);
    // Loops around a protocol reuse an inner binder's name when shadowing is asked for.
    const looped = fc.sample(runRequestCaseArb({ shadowRatio: 0.8, loopRatio: 0.8, recursionWeight: 6 }), {
      seed: SEED,
      numRuns: 200,
    });
    const shadowed = looped.filter(({ request }) =>
      request.choreographies.some((c) => nestedSame(c.global_type as GlobalType)),
    );
    expect(shadowed.length).toBeGreaterThan(20);
    expect(fc.sample(globalTypeArb({ shadowRatio: 0 }), { seed: SEED, numRuns: 200 }).some((g) => nestedSame(g))).toBe(
      false,
    );
  });
});

describe('rejections from natural variety (projection.md §6.2, machine.md §9.5)', () => {
  test('cover every reason, each with a computed verdict the engine confirms', () => {
    const buckets = new Map<string, number>();
    for (const names of ['simple', 'rich'] as const) {
      for (const { request, expected } of fc.sample(runRequestCaseArb({ rejected: 0.7, names }), {
        seed: SEED,
        numRuns: 400,
      })) {
        const run = runCooperative(request);
        const got = run.ok
          ? { ok: true }
          : { ok: false, code: run.error.code, path: run.error.path, message: run.error.message };
        // A null expected message is a text the engine words freely (the test pins only code and path).
        const want = expected.accepted
          ? { ok: true }
          : { ok: false, code: expected.code, path: expected.path, message: expected.message ?? got.message };
        expect(got).toStrictEqual(want);
        const b = verdictBucket(request, run).replace(/^projection_mismatch:absent_role\+.*/, 'absent_role');
        buckets.set(b, (buckets.get(b) ?? 0) + 1);
      }
    }
    for (const reason of [
      'accepted',
      'duplicate_role',
      'ParseError',
      'too_many_sessions',
      'too_many_coroutines',
      'absent_role',
      'projection_mismatch:different_labels',
      'projection_mismatch:one_branch_only',
      'projection_mismatch:loop_exit',
      'projection_mismatch:end_vs_rec',
    ])
      expect(buckets.get(reason) ?? 0, `${reason} in ${JSON.stringify([...buckets])}`).toBeGreaterThan(0);
  });
});
