/** Resource identifiers: derivation, equality, order, keys (heap.md §3). */
import type { Resource, ResourceId } from '../types/heap.js';
import { canonicalBytes, resourceIdPreimage } from './canonicalBytes.js';
import { contentHashHex } from './contentHash.js';

/**
 * The ID a resource gets when allocated at `counter`: `(H(rid_preimage), counter)`.
 * @example
 * ```ts
 * deriveResourceId({ kind: 'session', role: 'Alice', typeHash: 12345n }, 2n).digestHex; // 'e9b4bd2c…'
 * ```
 * @public
 */
export function deriveResourceId(resource: Resource, counter: bigint): ResourceId {
  return { digestHex: contentHashHex(resourceIdPreimage(canonicalBytes(resource), counter)), counter };
}

/**
 * Total order of IDs: digest bytes (= lowercase hex), then counter (heap.md §3).
 * @example `ids.sort(compareResourceIds)`
 * @public
 */
export function compareResourceIds(a: ResourceId, b: ResourceId): number {
  if (a.digestHex !== b.digestHex) return a.digestHex < b.digestHex ? -1 : 1;
  return a.counter === b.counter ? 0 : a.counter < b.counter ? -1 : 1;
}

/**
 * True when digest and counter are both equal.
 * @example `sameResourceId(a, { ...a, counter: a.counter + 1n }) // false`
 * @public
 */
export function sameResourceId(a: ResourceId, b: ResourceId): boolean {
  return a.digestHex === b.digestHex && a.counter === b.counter;
}

/**
 * Map key of an ID (`digestHex:counter`).
 * @example `resourceIdKey({ digestHex: 'ab…', counter: 3n }) // 'ab…:3'`
 * @public
 */
export function resourceIdKey(id: ResourceId): string {
  return `${id.digestHex}:${id.counter}`;
}

/**
 * telltale's display form: first 4 digest bytes, `:`, counter (`5a22a0e6:1`).
 * @example `formatResourceId(id) // '5a22a0e6:1'`
 * @public
 */
export function formatResourceId(id: ResourceId): string {
  return `${id.digestHex.slice(0, 8)}:${id.counter}`;
}
