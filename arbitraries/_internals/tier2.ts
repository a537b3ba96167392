/**
 * Building blocks of the Tier 2 artifact arbitraries: ids, 64-bit integers, options and opaque
 * JSON, each shrinking toward the simplest value (a small number, `null`, an empty list).
 */
import fc from 'fast-check';
import type { I64, JsonValue, U64 } from '../../src/types/artifact.js';
import { checkInt, resolveConstraints } from './resolveConstraints.js';

/** Limits shared by the Tier 2 arbitraries. @internal */
export interface Tier2Constraints {
  /** Longest generated list (each list shrinks toward `[]`). @defaultValue 3 */
  readonly maxItems?: number;
}

/** @internal */
export const kTier2Defaults: Readonly<Required<Tier2Constraints>> = Object.freeze({ maxItems: 3 });

/** Resolves and checks {@link Tier2Constraints}. @internal */
export function tier2Limits(arb: string, given: Tier2Constraints): Required<Tier2Constraints> {
  const c = resolveConstraints(kTier2Defaults, given);
  checkInt(arb, 'maxItems', c.maxItems, 0, 64);
  return c;
}

/** Free text: mostly short names from a pool (so that two draws collide), sometimes any string. @internal */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  { withCrossShrink: true },
  { weight: 3, arbitrary: fc.constantFrom('A', 'B', 'effect:1', 'coro:0', 'coro:1', 'host/runtime') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);

const kSafe = BigInt(Number.MAX_SAFE_INTEGER);

/** A u64: mostly small, sometimes above 2^53 (a `bigint`, as the decoders return it). @internal */
export const u64Arb: fc.Arbitrary<U64> = fc.oneof(
  { withCrossShrink: true },
  { weight: 9, arbitrary: fc.nat({ max: 1000 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: kSafe + 1n, max: (1n << 64n) - 1n }) },
);

/** An i64 (FixedQ32 bits): mostly small, sometimes beyond ±2^53. @internal */
export const i64Arb: fc.Arbitrary<I64> = fc.oneof(
  { withCrossShrink: true },
  { weight: 9, arbitrary: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(1n << 63n), max: -kSafe - 1n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: kSafe + 1n, max: (1n << 63n) - 1n }) },
);

/** `null` or a value; shrinks toward `null`. @internal */
export function optionArb<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.option(arb, { nil: null });
}

/** A list shrinking toward `[]`. @internal */
export function listArb<T>(arb: fc.Arbitrary<T>, maxItems: number): fc.Arbitrary<readonly T[]> {
  return fc.array(arb, { maxLength: maxItems });
}

// Numbers whose exact text no JS number reproduces: they must survive a round trip as written.
const numberTextArb: fc.Arbitrary<JsonValue> = fc
  .constantFrom('1.0', '-0', '0.10000000000000001', '1e400', '2.50')
  .map((value) => ({ isLosslessNumber: true as const, value }));

/** Opaque JSON (effect inputs, outputs, bodies): any JSON value, big integers and exact number texts included. @internal */
export const opaqueJsonArb: fc.Arbitrary<JsonValue> = fc.oneof(
  { withCrossShrink: true },
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue> },
  { weight: 1, arbitrary: u64Arb },
  { weight: 1, arbitrary: numberTextArb },
);

/** An object tagged by a string `kind` with opaque other fields (effect bodies and responses). @internal */
export function kindTaggedArb(
  kinds: readonly string[],
): fc.Arbitrary<{ readonly kind: string; readonly [field: string]: JsonValue }> {
  return fc
    .tuple(fc.constantFrom(...kinds), fc.dictionary(fc.string({ maxLength: 6 }), opaqueJsonArb, { maxKeys: 3 }))
    .map(([kind, rest]) => ({ ...rest, kind }));
}
