import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, test } from 'vitest';
import { toMatchHeapCorpus, type HeapCorpusMatchers } from '../../matchers/toMatchHeapCorpus.js';
import { Heap } from '../../src/heap/Heap.js';
import { parseHeapJson } from '../../src/heap/checkHeapVectors.js';
import type { HeapOp, Resource } from '../../src/types/heap.js';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any -- the augmentation must repeat Vitest's own declaration
  interface Matchers<T = any> extends HeapCorpusMatchers<T> {}
}
expect.extend({ toMatchHeapCorpus });

const file = fileURLToPath(new URL('../fixtures/heap/heap_vectors_extra_sample.json', import.meta.url));
const doc = (): {
  heap_scenarios: { name: string; operations: Record<string, unknown>[]; final: Record<string, unknown> }[];
} => {
  const r = parseHeapJson(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(r.error.message);
  return r.value as ReturnType<typeof doc>;
};
const scenario = (): ReturnType<typeof doc>['heap_scenarios'][number] => doc().heap_scenarios[0]!;
const msg: Resource = {
  kind: 'message',
  source: 'Alice',
  dest: 'Bob',
  content: { label: 'Hello', payload: new Uint8Array([1, 2, 3]) },
  seqNo: 7n,
};

function buildS(): { heap: Heap; ops: HeapOp[] } {
  const heap = new Heap();
  const ch = heap.allocChannel('Alice', 'Bob');
  heap.alloc(msg);
  heap.alloc({ kind: 'session', role: 'Alice', typeHash: 12345n });
  heap.consume(ch);
  const ops: HeapOp[] = [
    { op: 'alloc', resource: { kind: 'channel', sender: 'Alice', receiver: 'Bob', queue: [] } },
    { op: 'alloc', resource: msg },
    { op: 'alloc', resource: { kind: 'session', role: 'Alice', typeHash: 12345n } },
    { op: 'consume', resourceId: ch },
  ];
  return { heap, ops };
}
const failure = (fn: () => void): string => {
  try {
    fn();
  } catch (e) {
    return stripVTControlCharacters((e as Error).message);
  }
  throw new Error('expected the assertion to fail');
};

describe('toMatchHeapCorpus', () => {
  describe('.toMatchHeapCorpus', () => {
    test("passes for a heap in the scenario's final state", () => {
      expect(buildS().heap).toMatchHeapCorpus(scenario());
    });

    test('passes for typed operations and for the corpus JSON operations', () => {
      expect(buildS().ops).toMatchHeapCorpus(scenario());
      expect(
        scenario().operations.map(({ op, resource, resource_id }) => ({ op, resource, resource_id })),
      ).toMatchHeapCorpus(scenario());
    });

    test('reads a corpus file, picking a scenario by name', () => {
      expect(buildS().heap).toMatchHeapCorpus(`${file}#published-scenario`);
      expect(() => expect(buildS().heap).toMatchHeapCorpus(file)).toThrowError(/pick one with 'file.json#name'/);
    });

    test('fails naming the first differing field of the final state', () => {
      const { heap } = buildS();
      heap.alloc({ kind: 'value', tag: 'x', data: new Uint8Array() });
      expect(failure(() => expect(heap).toMatchHeapCorpus(scenario()))).toMatchSnapshot();
    });

    test('fails naming the first differing step and operation of a replay', () => {
      const { ops } = buildS();
      const swapped = [ops[0]!, ops[2]!, ops[1]!, ops[3]!];
      expect(failure(() => expect(swapped).toMatchHeapCorpus(scenario()))).toMatchSnapshot();
    });

    test('fails when a step result differs (an error expected but none happened)', () => {
      const s = scenario();
      s.operations[3]!.result = { ok: false, error: 'AlreadyConsumed', resource_id: s.operations[3]!.resource_id };
      const m = failure(() => expect(buildS().ops).toMatchHeapCorpus(s));
      expect(m).toContain('First difference: step 3 (consume 93ae398d:0) at $.operations[3].result.ok');
    });

    test('fails on a different number of operations', () => {
      expect(failure(() => expect(buildS().ops.slice(0, 3)).toMatchHeapCorpus(scenario()))).toContain('$.operations');
    });
  });

  describe('.not.toMatchHeapCorpus', () => {
    test('passes when the heap differs', () => {
      expect(new Heap()).not.toMatchHeapCorpus(scenario());
    });

    test('fails when the heap matches, saying so', () => {
      expect(failure(() => expect(buildS().heap).not.toMatchHeapCorpus(scenario()))).toMatchSnapshot();
      expect(failure(() => expect(buildS().ops).not.toMatchHeapCorpus(scenario()))).toMatchSnapshot();
    });
  });

  test('is typed: a scenario argument is required', () => {
    // Type-level only: never called.
    const typed = (): void => {
      // @ts-expect-error the scenario is required
      expect(new Heap()).toMatchHeapCorpus();
      expect(new Heap()).toMatchHeapCorpus('corpus.json#name');
    };
    expect(typeof typed).toBe('function');
  });

  describe('bad arguments', () => {
    test('throws InvalidHeapCorpus with or without .not', () => {
      expect(() => expect(42).toMatchHeapCorpus(scenario())).toThrowError(
        /expected a Heap or an array of heap operations/,
      );
      expect(() => expect(42).not.toMatchHeapCorpus(scenario())).toThrowError(/InvalidHeapCorpus|expected a Heap/);
      expect(() => expect(new Heap()).toMatchHeapCorpus({ name: 'x' })).toThrowError(/MissingField at \$\.operations/);
      expect(() => expect([{ op: 'explode' }]).toMatchHeapCorpus(scenario())).toThrowError(/UnknownOperation/);
      expect(() => expect(new Heap()).toMatchHeapCorpus(path.join(path.dirname(file), 'missing.json'))).toThrowError(
        /cannot read heap corpus file/,
      );
    });
  });
});
