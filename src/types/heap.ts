/**
 * Content-addressed heap data shapes (heap.md §2–§6). Digests are lowercase hex strings
 * (64 characters); u64 values are `bigint`.
 */

/** One queued message payload (heap.md §1.4). @example `{ label: 'Ping', payload: new Uint8Array([1]) }` @public */
export interface MessagePayload {
  readonly label: string;
  readonly payload: Uint8Array;
}

/**
 * A heap resource (heap.md §2). Resources are immutable once allocated.
 * @example
 * ```ts
 * const r: Resource = { kind: 'session', role: 'Alice', typeHash: 12345n };
 * ```
 * @public
 */
export type Resource =
  | {
      readonly kind: 'channel';
      readonly sender: string;
      readonly receiver: string;
      readonly queue: readonly MessagePayload[];
    }
  | {
      readonly kind: 'message';
      readonly source: string;
      readonly dest: string;
      readonly content: MessagePayload;
      readonly seqNo: bigint;
    }
  | { readonly kind: 'session'; readonly role: string; readonly typeHash: bigint }
  | { readonly kind: 'value'; readonly tag: string; readonly data: Uint8Array };

/** The four resource kinds. @example `'channel'` @public */
export type ResourceKind = Resource['kind'];

/**
 * A resource identifier (heap.md §3): BLAKE3 digest of the ID preimage and the allocation counter.
 * Equality compares both.
 * @example `{ digestHex: '5a22a0e6…', counter: 1n }`
 * @public
 */
export interface ResourceId {
  readonly digestHex: string;
  readonly counter: bigint;
}

/** Where a proof step's sibling sits (heap.md §5.1): `Right` = `node(current, sibling)`. @example `'Right'` @public */
export type ProofDirection = 'Left' | 'Right';

/** One step of an inclusion proof. @example `{ direction: 'Right', siblingHex: '9816…' }` @public */
export interface ProofStep {
  readonly direction: ProofDirection;
  readonly siblingHex: string;
}

/**
 * A Merkle inclusion proof (heap.md §5.1). `tree` and `index` say where the leaf sits.
 * @example `verifyInclusion(proof, heap.resourceRoot())`
 * @public
 */
export interface InclusionProof {
  readonly tree: 'resource' | 'nullifier';
  readonly index: number;
  readonly leafHex: string;
  readonly path: readonly ProofStep[];
  readonly rootHex: string;
}

/**
 * The heap state commitment (heap.md §6.1).
 * @example `heap.commitment().hashHex`
 * @public
 */
export interface HeapCommitment {
  readonly resourceRootHex: string;
  readonly nullifierRootHex: string;
  readonly counter: bigint;
  /** `H(prelude(0x54) ‖ bytes(resource_root) ‖ bytes(nullifier_root) ‖ u64(counter))`. */
  readonly hashHex: string;
}

/**
 * The errors heap operations return as data (heap.md §6). `display` is telltale's short form
 * (`5a22a0e6:1`).
 * @example `{ code: 'AlreadyConsumed', resourceId, message: 'resource 93ae398d:0 was already consumed' }`
 * @public
 */
export interface HeapError {
  readonly code: 'NotFound' | 'AlreadyConsumed';
  readonly resourceId: ResourceId;
  readonly message: string;
}

/**
 * One heap operation of a replay script (heap.md §7.3), typed. The JSON form uses `op`,
 * `resource`, `resource_id`, `resource_ids`.
 * @example `{ op: 'consume', resourceId: { digestHex: '93ae…', counter: 0n } }`
 * @public
 */
export type HeapOp =
  | { readonly op: 'alloc'; readonly resource: Resource }
  | { readonly op: 'read' | 'consume' | 'remove'; readonly resourceId: ResourceId }
  | { readonly op: 'consume_many'; readonly resourceIds: readonly ResourceId[] };

/**
 * One field whose recomputed value differs from the expected one in a heap vector file, corpus or
 * Lean answer: the JSON `path` and both values as printed text.
 * @example `{ path: '$.final.commitment_hash_hex', expected: 'ab12…', actual: 'cd34…' }`
 * @public
 */
export interface HeapFieldMismatch {
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
}
