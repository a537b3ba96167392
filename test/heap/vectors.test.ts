import { readFileSync } from 'node:fs';
import { assert, describe, expect, test } from 'vitest';
import { Heap } from '../../src/heap/Heap.js';
import { checkHeapVectors, parseHeapJson } from '../../src/heap/checkHeapVectors.js';
import { replayHeapCorpus } from '../../src/heap/replayHeapCorpus.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/heap/${name}`, import.meta.url), 'utf8');
const FILES = ['heap_vectors_v1.json', 'heap_lean_parity_v1.json', 'heap_vectors_extra_sample.json'] as const;

function parse(text: string): unknown {
  const r = parseHeapJson(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Every string leaf whose key ends in `_hex`, with its JSON path and a setter. */
function hexLeaves(root: unknown): { path: string; set: (v: string) => void; value: string }[] {
  const out: { path: string; set: (v: string) => void; value: string }[] = [];
  const walk = (
    v: unknown,
    path: string,
    key: string,
    parent: Record<string | number, unknown> | undefined,
    slot: string | number,
  ): void => {
    if (typeof v === 'string' && key.endsWith('_hex') && v.length > 0 && parent !== undefined) {
      out.push({ path, value: v, set: (x) => void (parent[slot] = x) });
    } else if (Array.isArray(v))
      v.forEach((x, i) => walk(x, `${path}[${i}]`, key, v as unknown as Record<number, unknown>, i));
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, k, v as Record<string, unknown>, k);
  };
  walk(root, '$', '', undefined, '');
  return out;
}

describe('shared heap vectors through the library', () => {
  test.each(FILES)('%s: every field reproduces', (file) => {
    const r = checkHeapVectors(parse(fixture(file)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.mismatches).toBe(0);
    expect(r.value.fields).toBeGreaterThan(15);
    expect(r.value.groups.flatMap((g) => g.mismatches)).toEqual([]);
  });

  test('recognises each schema by content', () => {
    const schemas = FILES.map((f) => {
      const r = checkHeapVectors(parse(fixture(f)));
      return r.ok ? r.value.schema : r.error.code;
    });
    expect(schemas).toEqual(['heap_vectors_v1', 'heap_parity.v1', 'heap_vectors_extra.v1']);
  });

  test.each(FILES)('%s: changing any one hex digit of any *_hex field is reported', (file) => {
    const text = fixture(file);
    const leaves = hexLeaves(parse(text));
    expect(leaves.length).toBeGreaterThan(12);
    const missed: string[] = [];
    for (let i = 0; i < leaves.length; i++) {
      const doc = parse(text);
      const leaf = hexLeaves(doc)[i]!;
      const last = leaf.value.at(-1) === '0' ? '1' : '0';
      leaf.set(leaf.value.slice(0, -1) + last);
      const r = checkHeapVectors(doc);
      if (!r.ok || r.value.mismatches === 0) missed.push(leaf.path);
    }
    expect(missed).toEqual([]);
  });

  test('names the JSON path, expected and actual value of a mismatch', () => {
    const doc = parse(fixture('heap_vectors_v1.json')) as { heap_fixture: { resource_root_hex: string } };
    doc.heap_fixture.resource_root_hex = '00'.repeat(32);
    const r = checkHeapVectors(doc);
    expect(r.ok && r.value.groups.flatMap((g) => g.mismatches)).toEqual([
      {
        path: '$.heap_fixture.resource_root_hex',
        expected: '00'.repeat(32),
        actual: '1555554394a0a595200d7717fa5c4710ce608dab3ffd793ff3644eecb99df1fa',
      },
    ]);
  });

  test('accepts a document or an array of documents, and upper-case hex', () => {
    const one = parse(fixture('heap_vectors_v1.json'));
    const upper = parse(
      fixture('heap_vectors_v1.json').replace(/"([0-9a-f]{6,})"/g, (_m, h: string) => `"${h.toUpperCase()}"`),
    );
    const r = checkHeapVectors([one, upper]);
    expect(
      r.ok && { vectors: r.value.vectors, mismatches: r.value.mismatches, names: r.value.groups.map((g) => g.name) },
    ).toEqual({
      vectors: 2,
      mismatches: 0,
      names: ['[0].resource_fixture', '[0].heap_fixture', '[1].resource_fixture', '[1].heap_fixture'],
    });
  });

  test('uses the telltale reading of active_resource_id_hex and the fixed scenario S for any resource_fixture', () => {
    const doc = parse(fixture('heap_vectors_v1.json')) as {
      resource_fixture: Record<string, unknown>;
      heap_fixture: Record<string, unknown>;
    };
    doc.resource_fixture.seq_no = 18446744073709551615n;
    const r = checkHeapVectors(doc);
    const paths = r.ok ? r.value.groups.flatMap((g) => g.mismatches.map((m) => m.path)) : [];
    // heap_fixture is S whatever resource_fixture holds, except the id telltale derives from it.
    expect(paths).toEqual([
      '$.resource_fixture.canonical_bytes_hex',
      '$.resource_fixture.resource_id_digest_hex',
      '$.resource_fixture.resource_leaf_hex',
      '$.resource_fixture.nullifier_leaf_hex',
      '$.heap_fixture.active_resource_id_hex',
    ]);
  });

  test('keeps u64 values past 2^53 exact (lossless parsing)', () => {
    const r = parseHeapJson('{"a":18446744073709551615,"b":9007199254740993,"c":1.5}');
    expect(r).toEqual({ ok: true, value: { a: 18446744073709551615n, b: 9007199254740993n, c: 1.5 } });
  });

  test('replays the extra sample scenarios step by step', () => {
    const doc = parse(fixture('heap_vectors_extra_sample.json')) as { heap_scenarios: unknown[] };
    for (const s of doc.heap_scenarios) {
      const r = replayHeapCorpus(s);
      assert(r.ok, 'the scenario replays');
      expect(r.value).toBeInstanceOf(Heap);
    }
  });

  test('names the first differing step of a replay', () => {
    const doc = parse(fixture('heap_vectors_extra_sample.json')) as {
      heap_scenarios: { operations: { after: Record<string, unknown> }[] }[];
    };
    const s = doc.heap_scenarios[0]!;
    s.operations[3]!.after.commitment_hash_hex = 'ab'.repeat(32);
    const r = replayHeapCorpus(s);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({
      code: 'StepMismatch',
      step: 3,
      op: 'consume 93ae398d:0',
      path: '$.operations[3].after.commitment_hash_hex',
      expected: 'ab'.repeat(32),
    });
    expect(r.error.message).toMatchInlineSnapshot(
      `"step 3 (consume 93ae398d:0): $.operations[3].after.commitment_hash_hex expected abababababababababababababababababababababababababababababababab actual 57d07742f7a22b083e88dcae71804c9f03a727df11fe9d1d4c0aa553a34dac0d"`,
    );
  });
});

describe('bad vector inputs are schema errors with a code and a JSON path', () => {
  const v1 = (): Record<string, Record<string, unknown>> =>
    parse(fixture('heap_vectors_v1.json')) as Record<string, Record<string, unknown>>;
  const extra = (): { resource_vectors: { resource: Record<string, unknown>; allocation_counter: unknown }[] } =>
    parse(fixture('heap_vectors_extra_sample.json')) as {
      resource_vectors: { resource: Record<string, unknown>; allocation_counter: unknown }[];
    };
  const cases: [string, () => unknown, string, string][] = [
    [
      'unknown resource kind',
      () => {
        const d = extra();
        d.resource_vectors[0]!.resource.kind = 'socket';
        return d;
      },
      'UnknownResourceKind',
      '$.resource_vectors[0].resource.kind',
    ],
    [
      'bad hex',
      () => {
        const d = v1();
        d.resource_fixture!.payload_hex = '0g';
        return d;
      },
      'InvalidHex',
      '$.resource_fixture.payload_hex',
    ],
    [
      'odd-length hex',
      () => {
        const d = v1();
        d.resource_fixture!.payload_hex = '010';
        return d;
      },
      'InvalidHex',
      '$.resource_fixture.payload_hex',
    ],
    [
      'wrong digest length',
      () => {
        const d = v1();
        d.heap_fixture!.resource_root_hex = 'abcd';
        return d;
      },
      'InvalidLength',
      '$.heap_fixture.resource_root_hex',
    ],
    [
      'counter past 2^64-1',
      () => {
        const d = v1();
        d.resource_fixture!.allocation_counter = 18446744073709551616n;
        return d;
      },
      'U64OutOfRange',
      '$.resource_fixture.allocation_counter',
    ],
    [
      'negative counter',
      () => {
        const d = extra();
        d.resource_vectors[1]!.allocation_counter = -1n;
        return d;
      },
      'U64OutOfRange',
      '$.resource_vectors[1].allocation_counter',
    ],
    [
      'missing field',
      () => {
        const d = v1();
        delete d.resource_fixture!.seq_no;
        return d;
      },
      'MissingField',
      '$.resource_fixture.seq_no',
    ],
    [
      'mistyped field',
      () => {
        const d = v1();
        d.resource_fixture!.source = 5n;
        return d;
      },
      'InvalidType',
      '$.resource_fixture.source',
    ],
    ['no known schema', () => ({ hello: 'world' }), 'UnknownSchema', '$'],
    ['unknown schema_version', () => ({ schema_version: 'heap_vectors_v9' }), 'UnknownSchema', '$.schema_version'],
    ['not an object', () => 42n, 'InvalidType', '$'],
    ['empty array', () => [], 'UnknownSchema', '$'],
    [
      'lone surrogate',
      () => {
        const d = extra();
        d.resource_vectors[2]!.resource.role = '\ud800';
        return d;
      },
      'HeapEncodingError',
      '$.resource_vectors[2].resource',
    ],
    [
      'lone surrogate in a parity fixture',
      () => {
        const d = parse(fixture('heap_lean_parity_v1.json')) as Record<string, Record<string, unknown>>;
        d.session_fixture!.role = '\udc00';
        return d;
      },
      'HeapEncodingError',
      '$',
    ],
  ];
  test.each(cases)('%s', (_name, make, code, path) => {
    const r = checkHeapVectors(make());
    expect(r).toMatchObject({ ok: false, error: { code, path } });
  });

  test('reports truncated and non-JSON text as InvalidJSON', () => {
    expect(parseHeapJson(fixture('heap_vectors_v1.json').slice(0, 200))).toMatchObject({
      ok: false,
      error: { code: 'InvalidJSON', path: '$' },
    });
    expect(parseHeapJson('not json')).toMatchObject({ ok: false, error: { code: 'InvalidJSON' } });
  });
});
