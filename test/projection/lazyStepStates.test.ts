/**
 * Step states whose `selected_type` text is rendered on read (src/projection/lazyStepStates.ts):
 * the lazy output must read exactly as the eagerly rendered one, and comparing types must answer
 * what comparing their texts answers.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  defineStepStates,
  rawStepStates,
  renderStepState,
  sameSelectedType,
  type RawStepState,
} from '../../src/projection/lazyStepStates.js';
import { renderLocalType } from '../../src/projection/renderLocalType.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { runRequestArb } from '../../arbitraries/runRequest.js';
import type { SessionType } from '../../src/types/machine.js';
import type { ValType } from '../../src/types/session.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(20261207);

// Small alphabets, so that independently drawn types often coincide or differ in one place.
const valTypeArb: fc.Arbitrary<ValType> = fc.letrec<{ v: ValType }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<ValType>({ kind: 'unit' }, { kind: 'nat' }, { kind: 'bool' }),
    fc.record({ kind: fc.constant('prod' as const), left: tie('v'), right: tie('v') }),
    fc.record({ kind: fc.constant('chan' as const), sid: fc.nat({ max: 2 }), role: fc.constantFrom('A', 'B') }),
  ),
})).v;

const sessionTypeArb: fc.Arbitrary<SessionType> = fc.letrec<{ node: SessionType }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<SessionType>({ kind: 'end' }),
    fc.record({ kind: fc.constant('var' as const), index: fc.nat({ max: 2 }) }),
    fc.record({ kind: fc.constant('mu' as const), body: tie('node') }),
    fc.record({
      kind: fc.constantFrom('send' as const, 'recv' as const),
      partner: fc.constantFrom('A', 'B'),
      payload: valTypeArb,
      cont: tie('node'),
    }),
    fc.record({
      kind: fc.constantFrom('select' as const, 'branch' as const),
      partner: fc.constantFrom('A', 'B'),
      branches: fc.array(fc.record({ label: fc.constantFrom('a', 'b'), cont: tie('node') }), { maxLength: 2 }),
    }),
  ),
})).node;

describe(`sameSelectedType answers what comparing rendered texts answers (fast-check seed ${SEED})`, () => {
  test('independent, copied and one-field-changed pairs', () => {
    let equalPairs = 0;
    let differentPairs = 0;
    const pairArb = fc.oneof(
      fc.tuple(sessionTypeArb, sessionTypeArb),
      // A structural copy: equal texts, different objects (the identity shortcut does not apply).
      sessionTypeArb.map((t) => [t, structuredClone(t)] as const),
      // The same type wrapped alike on both sides, one side with a different payload.
      fc.tuple(sessionTypeArb, valTypeArb, valTypeArb).map(
        ([t, p, q]) =>
          [
            { kind: 'send', partner: 'A', payload: p, cont: t },
            { kind: 'send', partner: 'A', payload: q, cont: structuredClone(t) },
          ] as const,
      ),
    );
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const texts = renderLocalType(a) === renderLocalType(b);
        if (texts) equalPairs += 1;
        else differentPairs += 1;
        expect(sameSelectedType(a, b)).toBe(texts);
        expect(sameSelectedType(b, a)).toBe(texts);
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect(equalPairs).toBeGreaterThan(50);
    expect(differentPairs).toBeGreaterThan(50);
    expect(sameSelectedType(null, null)).toBe(true);
    expect(sameSelectedType(null, { kind: 'end' })).toBe(false);
    expect(sameSelectedType({ kind: 'end' }, null)).toBe(false);
  });
});

describe('lazy step_states read as the eagerly rendered ones', () => {
  test('cooperative outputs: same JSON bytes, same key order, rendered once', () => {
    let withStates = 0;
    fc.assert(
      fc.property(runRequestArb({ maxSteps: 30 }), (request) => {
        const r = runCooperative(request);
        if (!r.ok) return;
        const output = r.value.output;
        const raw = rawStepStates(output);
        expect(raw).toBeDefined();
        if (raw === undefined) return;
        if (raw.length > 0) withStates += 1;
        // Eager: the same output with the step states rendered up front, as a data property in place.
        const eager: Record<string, unknown> = {};
        for (const k of Object.keys(output))
          eager[k] = k === 'step_states' ? raw.map(renderStepState) : (output as unknown as Record<string, unknown>)[k];
        expect(JSON.stringify(output)).toBe(JSON.stringify(eager));
        // Read twice: the same array (rendered once, then kept).
        expect(output.step_states).toBe(output.step_states);
        expect({ ...output }).toEqual(eager);
      }),
      { seed: SEED, numRuns: 60 },
    );
    expect(withStates).toBeGreaterThan(20);
  });

  test('assigning the property replaces the lazy value; the raw form is then gone', () => {
    const raw: RawStepState[] = [];
    const out: Record<string, unknown> = { a: 1 };
    defineStepStates(out, raw);
    out['b'] = 2;
    expect(Object.keys(out)).toEqual(['a', 'step_states', 'b']);
    expect(rawStepStates(out)).toBe(raw);
    out['step_states'] = ['replaced'];
    expect(out['step_states']).toEqual(['replaced']);
    expect(rawStepStates(out)).toBeUndefined();
    expect(JSON.stringify(out)).toBe('{"a":1,"step_states":["replaced"],"b":2}');
    // A copy holds plain values: no raw form to compare by type.
    const copy = { ...out };
    expect(rawStepStates(copy)).toBeUndefined();
  });
});
