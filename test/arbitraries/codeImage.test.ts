import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CODE_IMAGE_VIOLATIONS, codeImageArb, codeImageCaseArb } from '../../arbitraries/codeImage.js';
import { decodeCodeImage, encodeCodeImage } from '../../src/machine/codeImage.js';
import { loadCodeImage } from '../../src/machine/loadCodeImage.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import type { CodeImage } from '../../src/types/machine.js';
import type { LocalType } from '../../src/types/session.js';
import { TelltaleError } from '../../src/types/errors.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(8104);

describe(`codeImageArb (seed ${SEED})`, () => {
  test('is deterministic per seed', () => {
    const a = fc.sample(codeImageCaseArb({ invalid: 0.3 }), { seed: SEED, numRuns: 40 });
    const b = fc.sample(codeImageCaseArb({ invalid: 0.3 }), { seed: SEED, numRuns: 40 });
    expect(b).toEqual(a);
  });

  test('valid images load and run to completed or stuck without throwing; every bytecode kind appears', () => {
    const kinds = new Set<string>();
    let deep = 0;
    fc.assert(
      fc.property(codeImageCaseArb(), ({ image, expected }) => {
        expect(expected.valid).toBe(true);
        if (expected.valid) kinds.add(expected.bytecode);
        const loaded = loadCodeImage(image);
        expect(loaded.ok ? 'loaded' : loaded.error).toBe('loaded');
        const r = runCooperative(image, { stepStates: false, maxSteps: 200 });
        if (!r.ok) throw new Error(`run failed: ${JSON.stringify(r.error)}`);
        expect(['completed', 'stuck']).toContain(r.value.output.status);
        if (r.value.output.steps_executed >= 10) deep += 1;
      }),
      { seed: SEED, numRuns: 250 },
    );
    expect([...kinds].sort()).toEqual(['compiled', 'mutated', 'random']);
    // Built by construction, most runs get past a few steps.
    expect(deep).toBeGreaterThan(100);
  });

  test('compiled images of projected types run without faults unless a μ sits directly on a μ or a variable', () => {
    // The one-level unfold cannot run `rec X. rec Y. …` or `rec X. var Y` (machine.md MD-07, §17.6).
    const nestedMu = (t: LocalType): boolean =>
      t.kind === 'rec'
        ? t.body.kind === 'rec' || t.body.kind === 'var' || nestedMu(t.body)
        : t.kind === 'send' || t.kind === 'recv'
          ? t.branches.some((b) => nestedMu(b.continuation))
          : false;
    const samples = fc.sample(codeImageCaseArb({ mutateRatio: 0, randomCodeRatio: 0 }), { seed: SEED, numRuns: 200 });
    let checked = 0;
    for (const { image } of samples) {
      if (image.program.localTypesR.some(([, t]) => nestedMu(t))) continue;
      checked += 1;
      const r = runCooperative(image, { stepStates: false, maxSteps: 200 });
      expect(r.ok && r.value.diagnostics?.faults).toEqual([]);
    }
    expect(checked).toBeGreaterThan(150);
  });

  test('invalid images are rejected with the expected validation reason; every rule is reached', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(codeImageCaseArb({ invalid: true }), ({ image, expected }) => {
        expect(expected.valid).toBe(false);
        if (expected.valid) return;
        seen.add(expected.violation);
        const loaded = loadCodeImage(image);
        expect(loaded.ok).toBe(false);
        if (loaded.ok) return;
        expect(loaded.error).toMatchObject({
          code: 'validation_failed',
          reason: expected.reason,
          message: `bad choreography image: ${expected.reason}`,
        });
        const run = runCooperative(image, { maxSteps: 50 });
        expect(run.ok ? null : run.error.code).toBe('validation_failed');
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect([...seen].sort()).toEqual([...CODE_IMAGE_VIOLATIONS].sort());
  });

  test('valid and invalid images survive the code-image JSON codec', () => {
    const toJson = (v: unknown) =>
      JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x))) as unknown;
    fc.assert(
      fc.property(codeImageCaseArb({ invalid: 0.3 }), ({ image }) => {
        const back = decodeCodeImage(toJson(encodeCodeImage(image)));
        if (!back.ok) throw new Error(`codec rejected a generated image: ${JSON.stringify(back.error)}`);
        expect(back.value.program.code).toEqual(image.program.code);
        expect(back.value.program.entryPoints).toEqual(image.program.entryPoints);
        expect(back.value.program.localTypesR).toEqual(image.program.localTypesR);
        expect(back.value.globalType).toEqual(image.globalType);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  test('a mix ratio gives both kinds', () => {
    const cases = fc.sample(codeImageCaseArb({ invalid: 0.5 }), { seed: SEED, numRuns: 200 });
    const bad = cases.filter((c) => !c.expected.valid).length;
    expect(bad).toBeGreaterThan(50);
    expect(bad).toBeLessThan(150);
  });

  test('shrinking reaches a small image', () => {
    const size = (i: CodeImage) => i.program.code.length;
    const out = fc.check(
      fc.property(codeImageArb(), (image) => image.program.entryPoints.length < 3),
      { seed: SEED, numRuns: 300 },
    );
    expect(out.failed).toBe(true);
    const shrunk = out.counterexample?.[0];
    if (shrunk === undefined) throw new Error('no counterexample');
    expect(shrunk.program.entryPoints).toHaveLength(3);
    // Three roles, each at least `Offer/Choose + Invoke + Halt`-short.
    expect(size(shrunk)).toBeLessThanOrEqual(12);
  });

  test('bad options throw InvalidOption', () => {
    expect(() => codeImageArb({ invalid: 3 })).toThrow(TelltaleError);
    expect(() => codeImageArb({ invalid: 3 })).toThrow(expect.objectContaining({ code: 'InvalidOption' }));
    expect(() => codeImageArb({ mutateRatio: 0.7, randomCodeRatio: 0.7 })).toThrow(/mutateRatio \+ randomCodeRatio/);
    expect(() => codeImageArb({ violations: [] })).toThrow(/violations.length/);
  });
});
