import fc from 'fast-check';
import { deriveResourceId } from '../src/heap/resourceId.js';
import type { HeapOp, Resource, ResourceId, ResourceKind } from '../src/types/heap.js';
import { pick } from './_internals/pick.js';

const U64_MAX = (1n << 64n) - 1n;

/** Limits for {@link heapOpsArb}. @public */
export interface HeapOpsConstraints {
  /** Maximum number of operations. @defaultValue 24 */
  readonly maxLength?: number;
  /** Resource kinds to allocate. @defaultValue all four */
  readonly kinds?: readonly ResourceKind[];
  /** Relative weight of operations aimed at unknown IDs (never allocated or wrong counter). @defaultValue 1 (vs 4 for known IDs) */
  readonly invalidWeight?: number;
  /** Include `remove` operations. @defaultValue true */
  readonly withRemove?: boolean;
}

// Any Unicode scalar value (surrogates skipped). fast-check's `unit: 'binary'` would do the same but
// builds a table of every code point when the module loads (about a second, in every fuzz worker).
const scalar = fc
  .integer({ min: 0, max: 0x10ffff - 0x800 })
  .map((n) => String.fromCodePoint(n >= 0xd800 ? n + 0x800 : n));
const name = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('Alice', 'Bob', 'Carol', '') },
  { weight: 1, arbitrary: fc.string({ unit: scalar, maxLength: 4 }) },
);
const bytes = fc.uint8Array({ maxLength: 6 });
const u64 = fc.oneof(
  fc.bigInt({ min: 0n, max: 1000n }),
  fc.constantFrom(0n, (1n << 53n) + 1n, U64_MAX),
  fc.bigInt({ min: 0n, max: U64_MAX }),
);

/**
 * Resources of the given kinds (heap.md §2), with small shrink targets: empty strings, empty byte
 * strings, zero counters; sometimes non-ASCII names and u64 extremes.
 * @example `fc.sample(heapResourceArb(['session']), { seed: 1, numRuns: 2 })`
 * @public
 */
export function heapResourceArb(
  kinds: readonly ResourceKind[] = ['channel', 'message', 'session', 'value'],
): fc.Arbitrary<Resource> {
  const all: Record<ResourceKind, fc.Arbitrary<Resource>> = {
    session: fc.record({ kind: fc.constant('session' as const), role: name, typeHash: u64 }),
    value: fc.record({ kind: fc.constant('value' as const), tag: name, data: bytes }),
    channel: fc.record({
      kind: fc.constant('channel' as const),
      sender: name,
      receiver: name,
      queue: fc.array(fc.record({ label: name, payload: bytes }), { maxLength: 2 }),
    }),
    message: fc.record({
      kind: fc.constant('message' as const),
      source: name,
      dest: name,
      content: fc.record({ label: name, payload: bytes }),
      seqNo: u64,
    }),
  };
  return fc.oneof(...kinds.map((k) => all[k]));
}

/** Where an ID-taking operation aims: the n-th allocation so far, or an ID that does not exist. */
type Target =
  | { readonly kind: 'known'; readonly n: number }
  | { readonly kind: 'wrongCounter'; readonly n: number }
  | { readonly kind: 'unknown' };
type Plan =
  | { readonly op: 'alloc'; readonly resource: Resource }
  | { readonly op: 'read' | 'consume' | 'remove'; readonly target: Target }
  | { readonly op: 'consume_many'; readonly targets: readonly Target[] };

const UNKNOWN: ResourceId = { digestHex: 'ff'.repeat(32), counter: 0n };

/** Turns plans into concrete operations; IDs follow from the allocation order alone (counter = index). */
function concretise(plans: readonly Plan[]): HeapOp[] {
  const ids: ResourceId[] = [];
  const idFor = (t: Target): ResourceId => {
    if (t.kind === 'unknown' || ids.length === 0) return UNKNOWN;
    const id = pick(ids, t.n);
    return t.kind === 'known' ? id : { digestHex: id.digestHex, counter: id.counter + 1000n };
  };
  return plans.map((p): HeapOp => {
    switch (p.op) {
      case 'alloc': {
        ids.push(deriveResourceId(p.resource, BigInt(ids.length)));
        return p;
      }
      case 'consume_many':
        return { op: p.op, resourceIds: p.targets.map(idFor) };
      default:
        return { op: p.op, resourceId: idFor(p.target) };
    }
  });
}

/**
 * Sequences of heap operations (heap.md §6) mixing valid and invalid ones: allocations, reads,
 * consumes (including double consumes), atomic `consume_many` (with duplicates and bad IDs) and
 * removes, aimed mostly at earlier allocations and sometimes at unknown IDs or wrong counters.
 * Shrinks towards short sequences of simple resources.
 * @param constraints - See {@link HeapOpsConstraints}.
 * @example
 * ```ts
 * fc.assert(fc.property(heapOpsArb({ maxLength: 10 }), (ops) => {
 *   const heap = new Heap();
 *   for (const op of ops) applyHeapOp(heap, op);
 *   expect(heap.fullCommitment()).toEqual(heap.commitment());
 * }), { seed: 42 });
 * ```
 * @public
 */
export function heapOpsArb(constraints: HeapOpsConstraints = {}): fc.Arbitrary<HeapOp[]> {
  const invalidWeight = constraints.invalidWeight ?? 1;
  const target: fc.Arbitrary<Target> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('known' as const), n: fc.nat({ max: 64 }) }) },
    ...(invalidWeight > 0
      ? [
          {
            weight: invalidWeight,
            arbitrary: fc.record({ kind: fc.constant('wrongCounter' as const), n: fc.nat({ max: 64 }) }),
          },
          { weight: invalidWeight, arbitrary: fc.constant<Target>({ kind: 'unknown' }) },
        ]
      : []),
  );
  const plan: fc.Arbitrary<Plan> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ op: fc.constant('alloc' as const), resource: heapResourceArb(constraints.kinds) }),
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('consume' as const), target }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('read' as const), target }) },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('consume_many' as const), targets: fc.array(target, { maxLength: 4 }) }),
    },
    ...(constraints.withRemove === false
      ? []
      : [{ weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), target }) }]),
  );
  return fc.array(plan, { maxLength: constraints.maxLength ?? 24 }).map(concretise);
}
