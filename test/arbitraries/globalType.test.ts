import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { globalTypeArb } from '../../arbitraries/globalType.js';
import { decodeGlobal } from '../../src/projection/decodeGlobal.js';
import { encodeGlobal } from '../../src/projection/encodeGlobal.js';
import { isWellFormed, wellFormednessParts } from '../../src/projection/isWellFormed.js';
import { projectChecked } from '../../src/projection/projectChecked.js';
import { roles } from '../../src/projection/roles.js';
import { validateGlobal } from '../../src/projection/validateGlobal.js';
import type { GlobalType } from '../../src/types/session.js';
import { TelltaleError } from '../../src/types/errors.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(4242);

function size(g: GlobalType): number {
  switch (g.kind) {
    case 'end':
    case 'var':
      return 1;
    case 'rec':
      return 1 + size(g.body);
    case 'delegate':
      return 1 + size(g.continuation);
    case 'comm':
      return 1 + g.branches.reduce((n, b) => n + size(b.continuation), 0);
  }
}

function depth(g: GlobalType): number {
  switch (g.kind) {
    case 'end':
    case 'var':
      return 0;
    case 'rec':
      return 1 + depth(g.body);
    case 'delegate':
      return 1 + depth(g.continuation);
    case 'comm':
      return 1 + Math.max(0, ...g.branches.map((b) => depth(b.continuation)));
  }
}

const some = (arb: fc.Arbitrary<GlobalType>, pred: (g: GlobalType) => boolean) =>
  fc.sample(arb, { seed: SEED, numRuns: 400 }).some(pred);

describe(`globalTypeArb (seed ${SEED})`, () => {
  test('default: every generated type survives the strict JSON round trip', () => {
    fc.assert(
      fc.property(globalTypeArb(), (g) => {
        expect(decodeGlobal(JSON.stringify(encodeGlobal(g)))).toEqual({ ok: true, value: g });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('default: ill-formed shapes occur (empty choice, self-communication, free variable)', () => {
    const arb = globalTypeArb();
    expect(some(arb, (g) => !wellFormednessParts(g).allCommsNonEmpty)).toBe(true);
    expect(some(arb, (g) => !wellFormednessParts(g).noSelfComm)).toBe(true);
    expect(some(arb, (g) => !wellFormednessParts(g).allVarsBound)).toBe(true);
    expect(some(arb, (g) => validateGlobal(g).some((e) => e.error === 'DuplicateLabel'))).toBe(true);
  });

  test('recursion is guarded unless asked; nested binders occur', () => {
    expect(some(globalTypeArb(), (g) => validateGlobal(g).some((e) => e.error === 'UnguardedRecursion'))).toBe(false);
    expect(
      some(globalTypeArb({ unguardedRecursion: true }), (g) =>
        validateGlobal(g).some((e) => e.error === 'UnguardedRecursion'),
      ),
    ).toBe(true);
    expect(some(globalTypeArb(), (g) => JSON.stringify(g).split('"rec"').length > 2)).toBe(true);
    expect(some(globalTypeArb({ recursion: false }), (g) => JSON.stringify(g).includes('"rec"'))).toBe(false);
  });

  test('wellFormedOnly: isWellFormed holds and validateGlobal reports nothing (PRJ-D8)', () => {
    fc.assert(
      fc.property(globalTypeArb({ wellFormedOnly: true, maxDepth: 5 }), (g) => {
        expect(isWellFormed(g)).toBe(true);
        expect(validateGlobal(g)).toEqual([]);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  test.each([2, 3, 4, 5])('projectableOnly with %i roles: projectChecked accepts every role', (n) => {
    fc.assert(
      fc.property(globalTypeArb({ roles: n, projectableOnly: true, maxDepth: 5 }), (g) => {
        for (const r of roles(g)) expect([r, projectChecked(g, r).ok]).toEqual([r, true]);
      }),
      { seed: SEED + n, numRuns: 300 },
    );
  });

  test('projectableOnly + wellFormedOnly together, with choices of several branches and bystanders', () => {
    const arb = globalTypeArb({ roles: ['P', 'Q', 'R', 'S'], projectableOnly: true, wellFormedOnly: true });
    fc.assert(
      fc.property(arb, (g) => {
        expect(validateGlobal(g)).toEqual([]);
        for (const r of roles(g)) expect(projectChecked(g, r).ok).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
    const hasBystanderChoice = (g: GlobalType): boolean =>
      g.kind === 'comm'
        ? (g.branches.length > 1 && roles(g).some((r) => r !== g.sender && r !== g.receiver)) ||
          g.branches.some((b) => hasBystanderChoice(b.continuation))
        : g.kind === 'rec'
          ? hasBystanderChoice(g.body)
          : false;
    expect(some(arb, hasBystanderChoice)).toBe(true);
  });

  test('roles by name or count; nonParticipants: false makes every role occur', () => {
    for (const g of fc.sample(globalTypeArb({ roles: ['x', 'y'] }), { seed: SEED, numRuns: 100 }))
      for (const r of roles(g)) expect(['x', 'y']).toContain(r);
    for (const g of fc.sample(globalTypeArb({ roles: 4, nonParticipants: false }), { seed: SEED, numRuns: 100 })) {
      expect([...roles(g)].sort()).toEqual(['A', 'B', 'C', 'D']);
    }
  });

  test('respects maxDepth and maxBranches', () => {
    for (const g of fc.sample(globalTypeArb({ maxDepth: 3, maxBranches: 2 }), { seed: SEED, numRuns: 300 })) {
      expect(depth(g)).toBeLessThanOrEqual(3);
      const widest = (t: GlobalType): number =>
        t.kind === 'comm'
          ? Math.max(t.branches.length, ...t.branches.map((b) => widest(b.continuation)))
          : t.kind === 'rec'
            ? widest(t.body)
            : 0;
      expect(widest(g)).toBeLessThanOrEqual(2);
    }
  });

  test('is deterministic for a seed', () => {
    expect(fc.sample(globalTypeArb({ projectableOnly: true }), { seed: 9, numRuns: 30 })).toEqual(
      fc.sample(globalTypeArb({ projectableOnly: true }), { seed: 9, numRuns: 30 }),
    );
  });

  test('a failing property shrinks to a type of at most a few nodes', () => {
    // "no choice has two branches" is false; the smallest witness is A→B{m. end, a. end} (3 nodes).
    const hasWideChoice = (g: GlobalType): boolean =>
      g.kind === 'comm'
        ? g.branches.length >= 2 || g.branches.some((b) => hasWideChoice(b.continuation))
        : g.kind === 'rec'
          ? hasWideChoice(g.body)
          : false;
    const out = fc.check(
      fc.property(globalTypeArb({ wellFormedOnly: true, maxDepth: 6 }), (g) => !hasWideChoice(g)),
      { seed: SEED },
    );
    expect(out.failed).toBe(true);
    const shrunk = out.counterexample![0];
    expect(size(shrunk)).toBeLessThanOrEqual(4);
    expect(hasWideChoice(shrunk)).toBe(true);
  });

  test('bad constraints are a TelltaleError with a stable code', () => {
    expect(() => globalTypeArb({ roles: ['A'], wellFormedOnly: true })).toThrow(TelltaleError);
    expect(() => globalTypeArb({ maxBranches: 0 })).toThrow(expect.objectContaining({ code: 'InvalidOption' }));
    expect(() => globalTypeArb({ roles: ['A', 'A'] })).toThrow(/duplicates/);
    expect(() => globalTypeArb({ maxBranches: 0 })).toThrow(/maxBranches/);
  });
});
