import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { heapResourceArb } from '../../arbitraries/heapOps.js';
import { Heap } from '../../src/heap/Heap.js';
import { MerkleTree } from '../../src/heap/MerkleTree.js';
import {
  canonicalBytes,
  heapCommitmentPreimage,
  nullifierLeafPreimage,
  resourceLeafPreimage,
} from '../../src/heap/canonicalBytes.js';
import { compareResourceIds, deriveResourceId, resourceIdKey } from '../../src/heap/resourceId.js';
import { contentHash } from '../../src/heap/contentHash.js';
import type { Resource, ResourceId } from '../../src/types/heap.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(4242);

/** The simple model: live and consumed ids, the counter, and every id ever handed out. */
interface Model {
  counter: bigint;
  entries: Map<string, { id: ResourceId; resource: Resource; consumed: boolean }>;
  issued: ResourceId[];
}

type Pick = { kind: 'issued' | 'wrongCounter'; n: number } | { kind: 'unknown' };
const pickArb: fc.Arbitrary<Pick> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('issued' as const), n: fc.nat(100) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrongCounter' as const), n: fc.nat(100) }) },
  { weight: 1, arbitrary: fc.constant<Pick>({ kind: 'unknown' }) },
);
function resolve(m: Model, p: Pick): ResourceId {
  if (p.kind === 'unknown' || m.issued.length === 0) return { digestHex: '0f'.repeat(32), counter: 7n };
  const id = m.issued[p.n % m.issued.length]!;
  return p.kind === 'issued' ? id : { digestHex: id.digestHex, counter: id.counter + 1n };
}
function expectedError(m: Model, id: ResourceId): string | undefined {
  const e = m.entries.get(resourceIdKey(id));
  return e?.consumed ? 'AlreadyConsumed' : e === undefined ? 'NotFound' : undefined;
}
const codeOf = (r: { ok: boolean; error?: { code: string } }): string | undefined => (r.ok ? undefined : r.error?.code);

/** Commitment computed from the model's state alone (no history, no incremental tree). */
function modelCommitment(m: Model): string {
  const all = [...m.entries.values()].sort((a, b) => compareResourceIds(a.id, b.id));
  const digest = (id: ResourceId): Uint8Array => Buffer.from(id.digestHex, 'hex');
  const r = new MerkleTree(
    all
      .filter((e) => !e.consumed)
      .map((e) => contentHash(resourceLeafPreimage(digest(e.id), canonicalBytes(e.resource)))),
  ).root();
  const n = new MerkleTree(
    all.filter((e) => e.consumed).map((e) => contentHash(nullifierLeafPreimage(digest(e.id)))),
  ).root();
  return Buffer.from(contentHash(heapCommitmentPreimage(r, n, m.counter))).toString('hex');
}

function checkState(m: Model, h: Heap): void {
  const all = [...m.entries.values()].sort((a, b) => compareResourceIds(a.id, b.id));
  expect(h.counter).toBe(m.counter);
  expect(h.size).toBe(m.entries.size);
  expect(h.nullifiedCount).toBe(all.filter((e) => e.consumed).length);
  expect(h.activeIds()).toEqual(all.filter((e) => !e.consumed).map((e) => e.id));
  expect(h.consumedIds()).toEqual(all.filter((e) => e.consumed).map((e) => e.id));
  const c = h.commitment();
  expect(c.hashHex).toBe(modelCommitment(m));
  expect(h.fullCommitment()).toEqual(c);
}

// The model commands assert inside `run`, which fc.modelRun calls from the test below.
/* eslint-disable vitest/no-standalone-expect */
class Alloc implements fc.Command<Model, Heap> {
  constructor(readonly resource: Resource) {}
  check = (): boolean => true;
  run(m: Model, h: Heap): void {
    const id = h.alloc(this.resource);
    expect(id).toEqual(deriveResourceId(this.resource, m.counter));
    m.entries.set(resourceIdKey(id), { id, resource: this.resource, consumed: false });
    m.issued.push(id);
    m.counter += 1n;
    checkState(m, h);
  }
  toString = (): string => `alloc(${this.resource.kind})`;
}

class OnId implements fc.Command<Model, Heap> {
  constructor(
    readonly op: 'read' | 'consume' | 'remove',
    readonly pick: Pick,
  ) {}
  check = (): boolean => true;
  run(m: Model, h: Heap): void {
    const id = resolve(m, this.pick);
    const entry = m.entries.get(resourceIdKey(id));
    const want = this.op === 'remove' ? (entry === undefined ? 'NotFound' : undefined) : expectedError(m, id);
    const got = this.op === 'read' ? h.read(id) : this.op === 'consume' ? h.consume(id) : h.remove(id);
    expect(codeOf(got)).toBe(want);
    if (want === undefined && entry !== undefined) {
      if (this.op === 'consume') entry.consumed = true;
      if (this.op === 'remove') m.entries.delete(resourceIdKey(id));
      if (this.op === 'read') expect(got).toEqual({ ok: true, value: entry.resource });
    }
    checkState(m, h);
  }
  toString = (): string => `${this.op}(${JSON.stringify(this.pick)})`;
}

class ConsumeMany implements fc.Command<Model, Heap> {
  constructor(readonly picks: readonly Pick[]) {}
  check = (): boolean => true;
  run(m: Model, h: Heap): void {
    const ids = this.picks.map((p) => resolve(m, p));
    const firstBad = ids.map((id) => expectedError(m, id)).find((e) => e !== undefined);
    expect(codeOf(h.consumeMany(ids))).toBe(firstBad);
    if (firstBad === undefined) for (const id of ids) m.entries.get(resourceIdKey(id))!.consumed = true;
    checkState(m, h);
  }
  toString = (): string => `consumeMany(${JSON.stringify(this.picks)})`;
}

const commands = [
  heapResourceArb().map((r) => new Alloc(r)),
  heapResourceArb().map((r) => new Alloc(r)),
  fc
    .tuple(fc.constantFrom('read' as const, 'consume' as const, 'consume' as const, 'remove' as const), pickArb)
    .map(([op, p]) => new OnId(op, p)),
  fc.array(pickArb, { maxLength: 4 }).map((ps) => new ConsumeMany(ps)),
];

/* eslint-enable vitest/no-standalone-expect */

describe(`Heap against an in-memory model (fc.commands, seed ${SEED})`, () => {
  // eslint-disable-next-line vitest/expect-expect -- the commands above assert on every step
  test('agrees on results, ids, counters, listings; commitments depend on the state only', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 40 }), (cmds) => {
        fc.modelRun(() => ({ model: { counter: 0n, entries: new Map(), issued: [] }, real: new Heap() }), cmds);
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  test('reaches the same commitment through different histories of the same state', () => {
    fc.assert(
      fc.property(
        fc.array(heapResourceArb(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (resources, order) => {
          const a = new Heap();
          const b = new Heap();
          const ia = a.allocMany(resources);
          const ib = b.allocMany(resources);
          const picks = [...new Set(order.map((n) => n % ia.length))];
          // a consumes one by one in the given order, b all at once in reverse.
          for (const k of picks) a.consume(ia[k]!);
          expect(b.consumeMany(picks.map((k) => ib[k]!).reverse()).ok).toBe(true);
          expect(a.commitment()).toEqual(b.commitment());
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });
});
