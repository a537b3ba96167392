import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { packInput, unpackInput } from '../../src/threaded/_internals/packInput.js';
import type { RunRequest } from '../../src/types/bridge.js';

// What crosses to the threaded engine's workers (issue #12 item 4): a flat tape, because
// structured clone overflows the stack on a choreography nested 100k levels deep.
const asInput = (v: unknown): RunRequest => v as RunRequest;
const crossed = (v: unknown): unknown => unpackInput(structuredClone(packInput(asInput(v))));

describe('packInput / unpackInput', () => {
  test('gives back what structured clone gives, for any JSON value with exact integers (seed 12)', () => {
    const value = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        fc.bigInt(),
        fc.constant(undefined),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 4 }), tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        expect(crossed(v)).toStrictEqual(structuredClone(v));
      }),
      { seed: 12, numRuns: 500 },
    );
  });

  test('keeps key order, an own __proto__ key and shared objects shared', () => {
    const shared = { kind: 'end' };
    const v = JSON.parse('{"b":1,"__proto__":{"x":2},"a":[3]}') as Record<string, unknown>;
    v['left'] = shared;
    v['right'] = [shared, shared];
    const back = unpackInput(packInput(asInput(v))) as unknown as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['b', '__proto__', 'a', 'left', 'right']);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ x: 2 });
    expect(back['right']).toEqual([back['left'], back['left']]);
    expect((back['right'] as unknown[])[0]).toBe(back['left']);
  });

  test('crosses a 100k-deep choreography that structured clone cannot', () => {
    let g: unknown = { kind: 'end' };
    for (let i = 0; i < 100_000; i++) g = { kind: 'rec', var: `X${i}`, body: g };
    expect(() => structuredClone(g)).toThrow(RangeError);
    const back = crossed({ global_type: g }) as { global_type: { kind: string; var?: string; body?: unknown } };
    let t = back.global_type;
    let depth = 0;
    while (t.kind === 'rec') {
      expect(t.var).toBe(`X${99_999 - depth}`);
      t = t.body as typeof t;
      depth++;
    }
    expect([depth, t.kind]).toEqual([100_000, 'end']);
  });

  test('refuses a value that contains itself', () => {
    const v: Record<string, unknown> = { a: 1 };
    v['self'] = [v];
    expect(() => packInput(asInput(v))).toThrow(TypeError);
  });
});
