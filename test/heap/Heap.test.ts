import { describe, expect, test } from 'vitest';
import { EMPTY_MERKLE_ROOT_HEX } from '../../src/heap/MerkleTree.js';
import { Heap } from '../../src/heap/Heap.js';
import { verifyInclusion } from '../../src/heap/verifyInclusion.js';
import type { Resource, ResourceId } from '../../src/types/heap.js';
import { TelltaleError } from '../../src/types/errors.js';

const msg: Resource = {
  kind: 'message',
  source: 'Alice',
  dest: 'Bob',
  content: { label: 'Hello', payload: new Uint8Array([1, 2, 3]) },
  seqNo: 7n,
};
const session: Resource = { kind: 'session', role: 'Alice', typeHash: 12345n };

function scenarioS(): { heap: Heap; ch: ResourceId; m: ResourceId; s: ResourceId } {
  const heap = new Heap();
  const ch = heap.allocChannel('Alice', 'Bob');
  const m = heap.alloc(msg);
  const s = heap.alloc(session);
  expect(heap.consume(ch)).toEqual({ ok: true, value: undefined });
  return { heap, ch, m, s };
}

describe('Heap (heap.md §6)', () => {
  test('starts empty with the published commitment', () => {
    const c = new Heap().commitment();
    expect(c).toEqual({
      resourceRootHex: EMPTY_MERKLE_ROOT_HEX,
      nullifierRootHex: EMPTY_MERKLE_ROOT_HEX,
      counter: 0n,
      hashHex: '7e7247b1eeafb9eab55db756406825e0e327c7dd503d7dec35f30ee2917c187d',
    });
  });

  test('reproduces scenario S (§6.2)', () => {
    const { heap, ch, m, s } = scenarioS();
    expect([ch, m, s].map((x) => `${x.digestHex.slice(0, 8)}:${x.counter}`)).toEqual([
      '93ae398d:0',
      '5a22a0e6:1',
      'e9b4bd2c:2',
    ]);
    expect(heap.activeIds()).toEqual([m, s]);
    expect(heap.consumedIds()).toEqual([ch]);
    expect(heap.commitment()).toEqual({
      resourceRootHex: '1555554394a0a595200d7717fa5c4710ce608dab3ffd793ff3644eecb99df1fa',
      nullifierRootHex: 'c045d1ac8bad212b29fffbe54d774d1401242771c75275fc30b6136b007f52d6',
      counter: 3n,
      hashHex: '57d07742f7a22b083e88dcae71804c9f03a727df11fe9d1d4c0aa553a34dac0d',
    });
    const proof = heap.proveInclusion(m);
    expect(proof).toEqual({
      ok: true,
      value: {
        tree: 'resource',
        index: 0,
        leafHex: '7526f89408115ad41ff135f26fd3c0be0ca91c93589c2f17cea2d8115bda9cf3',
        path: [{ direction: 'Right', siblingHex: '981652f6785b2e7147a3ba489d050f3924700e808b9a7b229470754507c5a13c' }],
        rootHex: '1555554394a0a595200d7717fa5c4710ce608dab3ffd793ff3644eecb99df1fa',
      },
    });
    expect(heap.size).toBe(3);
    expect(heap.nullifiedCount).toBe(1);
  });

  test('checks AlreadyConsumed before NotFound and leaves the heap unchanged on errors', () => {
    const { heap, ch, m } = scenarioS();
    const before = heap.commitment();
    expect(heap.consume(ch)).toMatchObject({ ok: false, error: { code: 'AlreadyConsumed', resourceId: ch } });
    expect(heap.read(ch)).toMatchObject({ ok: false, error: { code: 'AlreadyConsumed' } });
    const wrongCounter = { digestHex: m.digestHex, counter: 9n };
    expect(heap.read(wrongCounter)).toMatchObject({ ok: false, error: { code: 'NotFound', resourceId: wrongCounter } });
    expect(heap.consume(wrongCounter)).toMatchObject({ ok: false, error: { code: 'NotFound' } });
    expect(heap.read(m)).toEqual({ ok: true, value: msg });
    expect(heap.commitment()).toEqual(before);
  });

  test("error messages use telltale's short id form", () => {
    const { heap, ch } = scenarioS();
    const r = heap.consume(ch);
    expect(!r.ok && r.error.message).toMatchInlineSnapshot(
      `"resource 93ae398d:0 was already consumed; allocate a new resource instead"`,
    );
    const n = heap.remove({ digestHex: 'ff'.repeat(32), counter: 4n });
    expect(!n.ok && n.error.message).toMatchInlineSnapshot(
      `"resource ffffffff:4 not found: it was never allocated, was removed, or carries another counter"`,
    );
  });

  test('consumeMany is atomic: list-order validation against the unchanged heap, duplicates once', () => {
    const { heap, ch, m, s } = scenarioS();
    const before = heap.commitment();
    const unknown = { digestHex: '00'.repeat(32), counter: 0n };
    // ch fails first (AlreadyConsumed) even though `unknown` would fail too; nothing changes.
    expect(heap.consumeMany([m, ch, unknown])).toMatchObject({
      ok: false,
      error: { code: 'AlreadyConsumed', resourceId: ch },
    });
    expect(heap.consumeMany([m, unknown, ch])).toMatchObject({
      ok: false,
      error: { code: 'NotFound', resourceId: unknown },
    });
    expect(heap.commitment()).toEqual(before);
    expect(heap.consumeMany([])).toEqual({ ok: true, value: undefined });
    expect(heap.commitment()).toEqual(before);
    expect(heap.consumeMany([s, m, s])).toEqual({ ok: true, value: undefined });
    expect(heap.nullifiedCount).toBe(3);
    const other = scenarioS().heap;
    other.consumeMany([m, s]);
    expect(heap.commitment()).toEqual(other.commitment());
  });

  test('remove drops entries and nullifiers; the counter never decreases', () => {
    const { heap, ch, m } = scenarioS();
    const nullRoot = heap.nullifierRoot();
    expect(heap.remove(ch)).toEqual({ ok: true, value: undefined });
    expect(heap.nullifierRoot()).not.toBe(nullRoot);
    expect(heap.nullifierRoot()).toBe(EMPTY_MERKLE_ROOT_HEX);
    expect(heap.remove(ch)).toMatchObject({ ok: false, error: { code: 'NotFound' } });
    expect(heap.consume(ch)).toMatchObject({ ok: false, error: { code: 'NotFound' } });
    expect(heap.read(ch)).toMatchObject({ ok: false, error: { code: 'NotFound' } });
    expect(heap.remove(m)).toEqual({ ok: true, value: undefined });
    expect(heap.size).toBe(1);
    expect(heap.counter).toBe(3n);
    expect(heap.alloc(msg).counter).toBe(3n);
    expect(heap.counter).toBe(4n);
  });

  test('gives identical resources different ids at different counters', () => {
    const heap = new Heap();
    const [a, b] = heap.allocMany([session, session]);
    expect(a!.digestHex).not.toBe(b!.digestHex);
    expect([a!.counter, b!.counter]).toEqual([0n, 1n]);
  });

  test('throws HeapCounterOverflow at counter 2^64-1 before changing state', () => {
    const heap = new Heap();
    Reflect.set(heap, 'next', (1n << 64n) - 1n);
    const before = heap.commitment();
    expect(() => heap.alloc(session)).toThrowError(TelltaleError);
    expect(() => heap.alloc(session)).toThrowError(expect.objectContaining({ code: 'HeapCounterOverflow' }));
    expect(heap.commitment()).toEqual(before);
    expect(heap.size).toBe(0);
  });

  test('rejects an unencodable resource without changing state', () => {
    const heap = new Heap();
    expect(() => heap.alloc({ kind: 'value', tag: '\ud800', data: new Uint8Array() })).toThrowError(/lone surrogate/);
    expect(heap.counter).toBe(0n);
    expect(heap.size).toBe(0);
  });

  test('proves consumed ids in the nullifier tree and rejects unknown ids', () => {
    const { heap, ch } = scenarioS();
    const p = heap.proveInclusion(ch);
    expect(p.ok && p.value.tree).toBe('nullifier');
    expect(p.ok && verifyInclusion(p.value, heap.nullifierRoot())).toBe(true);
    expect(p.ok && verifyInclusion(p.value, heap.resourceRoot())).toBe(false);
    expect(heap.proveInclusion({ digestHex: ch.digestHex, counter: 1n })).toMatchObject({
      ok: false,
      error: { code: 'NotFound' },
    });
  });
});
