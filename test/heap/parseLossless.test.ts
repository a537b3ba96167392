import fc from 'fast-check';
import { parse } from 'lossless-json';
import { describe, expect, test } from 'vitest';
import { parseHeapJson } from '../../src/heap/checkHeapVectors.js';
import { parseLossless } from '../../src/heap/_internals/json.js';
import { testSeed } from '../_helpers/seed.js';

// What the vector files held before the native parse: lossless-json, integer literals as bigint.
const reference = (text: string): unknown => parse(text, null, (s) => (/^-?\d+$/.test(s) ? BigInt(s) : Number(s)));

// JSON values whose numbers are integers of any size or fractions (no whole number written as `5.0`,
// the one place the two parses differ on purpose).
type Value = null | boolean | string | bigint | number | Value[] | { [key: string]: Value };
const valueArb: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 4 },
    fc.constant(null),
    fc.boolean(),
    fc.string({ unit: 'binary' }),
    fc.bigInt({ min: -20n, max: 20n }),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
  ),
})).value;

// JSON text of such a value, bigints as integer literals (with some whitespace to skip).
function write(v: Value): string {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[ ${v.map(write).join(' , ')} ]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)} :${write(x)}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

describe('heap vector files parse losslessly on JSON.parse (heap.md §7.0)', () => {
  test('the same values as lossless-json, integers exact as bigint', () => {
    fc.assert(
      fc.property(valueArb, (v) => {
        const text = write(v);
        expect(parseLossless(text)).toStrictEqual(reference(text));
      }),
      { seed: testSeed(20261207), numRuns: 300 },
    );
  });

  test('u64 extremes, -0 and whole numbers written with a fraction or exponent', () => {
    expect(parseLossless('{"seq_no":18446744073709551615,"n":[0,-0,7,9007199254740993]}')).toStrictEqual({
      seq_no: 18446744073709551615n,
      n: [0n, 0n, 7n, 9007199254740993n],
    });
    expect(parseLossless('[5.0, 1e3, 2.5, 1e400]')).toStrictEqual([5n, 1000n, 2.5, Number.POSITIVE_INFINITY]);
    expect(parseLossless('42')).toBe(42n);
  });

  test('a key repeated in one object is refused (a file that says two things), as before', () => {
    expect(() => parseLossless('[{"seq_no":1},{"a":{"seq_no":1,"seq_no":2}}]')).toThrow(/Duplicate key 'seq_no'/);
    // A colon inside a string is no key.
    expect(parseLossless('{"label":"a\\":b","x":{"y":"\\"z\\":"}}')).toStrictEqual({ label: 'a":b', x: { y: '"z":' } });
    const r = parseHeapJson('{"seq_no":1,"seq_no":2}');
    expect(r.ok ? null : r.error.code).toBe('InvalidJSON');
  });
});
