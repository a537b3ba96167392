import { describe, expect, test } from 'vitest';
import { parse, stringify } from 'lossless-json';
import { decodeValue, encodeValue, reprValType, reprValue, valTypeOf, valueEquals } from '../../src/machine/values.js';
import type { Value } from '../../src/types/machine.js';

const samples: readonly [Value, unknown, unknown][] = [
  [{ kind: 'unit' }, 'Unit', { kind: 'unit' }],
  [{ kind: 'bool', value: true }, { Bool: true }, { kind: 'bool', value: true }],
  [{ kind: 'nat', value: 5n }, { Nat: 5 }, { kind: 'nat', value: 5 }],
  [{ kind: 'string', value: 'ping' }, { Str: 'ping' }, { kind: 'string', value: 'ping' }],
  [
    { kind: 'prod', left: { kind: 'nat', value: 1n }, right: { kind: 'unit' } },
    { Prod: [{ Nat: 1 }, 'Unit'] },
    { kind: 'prod', left: { kind: 'nat', value: 1 }, right: { kind: 'unit' } },
  ],
  [
    { kind: 'chan', endpoint: { sid: 0, role: 'A' } },
    { Endpoint: { sid: 0, role: 'A' } },
    { kind: 'chan', session: 0, role: 'A' },
  ],
];

describe('values: both JSON encodings (machine.md §2.1)', () => {
  test.each(samples.map((s, i) => [i, ...s] as const))(
    'sample %i encodes and decodes in Rust and Lean form',
    (_i, v, rust, lean) => {
      expect(encodeValue(v, 'rust')).toEqual(rust);
      expect(encodeValue(v, 'lean')).toEqual(lean);
      expect(decodeValue(rust, 'rust')).toEqual({ ok: true, value: v });
      expect(decodeValue(lean, 'lean')).toEqual({ ok: true, value: v });
    },
  );

  test('Nat is a bigint and survives 2^64 - 1 through lossless JSON', () => {
    const max = (1n << 64n) - 1n;
    const text = stringify(encodeValue({ kind: 'nat', value: max }, 'rust')) as string;
    expect(text).toBe('{"Nat":18446744073709551615}');
    expect(decodeValue(parse(text), 'rust')).toEqual({ ok: true, value: { kind: 'nat', value: max } });
    expect(decodeValue(parse('{"kind":"nat","value":9007199254740993}'), 'lean')).toEqual({
      ok: true,
      value: { kind: 'nat', value: 9007199254740993n },
    });
  });

  test('Nat range is checked: negative, fractional, > u64, unsafe JS numbers are rejected', () => {
    for (const bad of [
      { Nat: -1 },
      { Nat: 1.5 },
      { Nat: 2 ** 60 },
      { Nat: '5' },
      parse('{"Nat":18446744073709551616}'),
    ]) {
      const r = decodeValue(bad, 'rust');
      expect(r).toMatchObject({ ok: false, error: { code: 'InvalidValue', path: '$.Nat' } });
    }
  });

  test('malformed values name the path', () => {
    expect(decodeValue({ Prod: [{ Nat: 1 }, { Bogus: 1 }] }, 'rust')).toMatchObject({
      ok: false,
      error: { path: '$.Prod[1]' },
    });
    expect(decodeValue({ kind: 'chan', session: 0 }, 'lean')).toMatchObject({ ok: false, error: { path: '$.role' } });
    expect(decodeValue({ Nat: 1, Bool: true }, 'rust').ok).toBe(false);
    expect(decodeValue({ kind: 'nope' }, 'lean')).toMatchObject({ ok: false, error: { path: '$.kind' } });
  });

  test('valTypeOf and Lean repr (payload size, fault tags)', () => {
    expect(valTypeOf(samples[4]![0])).toEqual({ kind: 'prod', left: { kind: 'nat' }, right: { kind: 'unit' } });
    expect(valTypeOf(samples[5]![0])).toEqual({ kind: 'chan', sid: 0, role: 'A' });
    expect(samples.map(([v]) => reprValue(v))).toEqual([
      'Value.unit',
      'Value.bool true',
      'Value.nat 5',
      'Value.string "ping"',
      'Value.prod (Value.nat 1) Value.unit',
      'Value.chan { sid := 0, role := "A" }',
    ]);
    expect(reprValue({ kind: 'string', value: 'a"b\\c\n' })).toBe('Value.string "a\\"b\\\\c\\n"');
    expect(reprValType({ kind: 'prod', left: { kind: 'nat' }, right: { kind: 'unit' } })).toBe(
      'ValType.prod ValType.nat ValType.unit',
    );
    expect(reprValType({ kind: 'chan', sid: 0, role: '' })).toBe('ValType.chan 0 ""');
    expect(
      valueEquals(samples[4]![0], { kind: 'prod', left: { kind: 'nat', value: 1n }, right: { kind: 'unit' } }),
    ).toBe(true);
  });
});
