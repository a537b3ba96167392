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
  stepStateJsonLength,
  type RawStepState,
} from '../../src/projection/lazyStepStates.js';
import { jsonByteLength } from '../../src/types/outputBudget.js';
import { runReference } from '../../src/reference/runReference.js';
import { pingPongOnce } from '../_helpers/protocols.js';
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

describe(`stepStateJsonLength measures as jsonByteLength does (fast-check seed ${SEED})`, () => {
  // The type's part (its one-line text, estimated from the type) is unchanged; the rest of the
  // state is measured field by field now, and must give what the generic walk gives.
  test('every step state of cooperative and reference runs, its type aside', () => {
    let states = 0;
    fc.assert(
      fc.property(runRequestArb({ maxSteps: 60 }), (request) => {
        for (const run of [runCooperative(request), runReference(request)]) {
          if (!run.ok) continue;
          for (const s of rawStepStates(run.value.output) ?? []) {
            states += 1;
            const nulled = { ...s, selected_type: null };
            expect(stepStateJsonLength(nulled)).toBe(jsonByteLength(nulled));
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(states).toBeGreaterThan(1000);
  });

  test('parts two fields share by identity, and the same parts as separate copies', () => {
    const run = runCooperative({
      schema_version: 'lean_bridge.v1',
      choreographies: [{ schema_version: 'lean_bridge.v1', global_type: pingPongOnce, roles: ['A', 'B'] }],
      concurrency: 1,
      max_steps: 20,
    });
    const raw = run.ok ? rawStepStates(run.value.output) : undefined;
    expect(raw?.length).toBeGreaterThan(1);
    for (const s of raw ?? []) {
      // A deep copy shares nothing; a changed number in any part changes the measure alike.
      const copy = JSON.parse(JSON.stringify({ ...s, selected_type: null })) as RawStepState;
      expect(stepStateJsonLength(copy)).toBe(jsonByteLength(copy));
      const wider = {
        ...copy,
        post_state: { ...copy.post_state, scheduler: { ...copy.post_state.scheduler, step_count: 12345 } },
      };
      expect(stepStateJsonLength(wider)).toBe(jsonByteLength(wider));
      const blocked = { ...copy, blocked: { 7: 'recv_wait', 12: 'send_wait' }, ready_queue: [3, 10, 200] };
      expect(stepStateJsonLength(blocked)).toBe(jsonByteLength(blocked));
    }
  });
});

describe(`jsonByteLength is the compact JSON length (fast-check seed ${SEED})`, () => {
  test('JSON values with strings that need no escapes', () => {
    const plain = fc.string({ unit: fc.constantFrom('a', 'B', '0', ' ', '_', 'é') });
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 20, stringUnit: fc.constantFrom('a', 'B', '0', ' ', '_', 'é') }),
        plain,
        (v, k) => {
          expect(jsonByteLength(v)).toBe(JSON.stringify(v).length);
          expect(jsonByteLength({ [k]: v, skipped: undefined })).toBe(JSON.stringify({ [k]: v }).length);
          expect(jsonByteLength([v, undefined])).toBe(JSON.stringify([v, undefined]).length);
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  test('numbers: every digit count, negative, fractional, non-finite', () => {
    const edges = [
      0,
      -0,
      1,
      9,
      10,
      99,
      100,
      999,
      1000,
      12345,
      999_999,
      1e6,
      99_999_999,
      1e8,
      999_999_999,
      1e9,
      2 ** 31,
    ];
    for (const v of [...edges, ...edges.map((x) => x + 0.5), -1, -123, 1e21, 1e-7, NaN, Infinity, -Infinity])
      expect(jsonByteLength(v), String(v)).toBe(JSON.stringify(v).length);
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.nat(), fc.double()), (v) => {
        expect(jsonByteLength([v])).toBe(JSON.stringify([v]).length);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  test('deep values (past the recursion depth, and 100,000 levels)', () => {
    for (const depth of [11, 12, 13, 40, 100_000]) {
      let v: unknown = [1, { a: 'xy' }];
      for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v, 2] : { k: v, n: null };
      const expected = depth < 1000 ? JSON.stringify(v).length : 14 + (depth / 2) * (4 + 15);
      expect(jsonByteLength(v)).toBe(expected);
    }
  });
});
