/**
 * Session-type data shapes (projection.md §2). Branches are arrays; order matters.
 * The optional `payload` annotation of a branch is internal and never serialised (§2.4).
 */

/** Payload sort (projection.md §2.1). @example `{ prod: ['nat', { vector: 2 }] }` @public */
export type Sort =
  'unit' | 'nat' | 'bool' | 'string' | 'real' | { readonly vector: number } | { readonly prod: readonly [Sort, Sort] };

/** A branch label: identity is the pair (name, sort) (§2.2). @example `{ name: 'ping', sort: 'unit' }` @public */
export interface Label {
  readonly name: string;
  readonly sort: Sort;
}

/**
 * Value types (machine.md §12.0); also the internal payload annotation of a branch
 * (Lean's projection of `delegate` annotates a channel).
 * @example `{ kind: 'chan', sid: 0, role: 'A' }`
 * @public
 */
export type ValType =
  | { readonly kind: 'unit' | 'bool' | 'nat' | 'string' }
  | { readonly kind: 'prod'; readonly left: ValType; readonly right: ValType }
  | { readonly kind: 'chan'; readonly sid: number; readonly role: string };

/** A branch of a global choice. @public */
export interface GlobalBranch {
  readonly label: Label;
  readonly continuation: GlobalType;
}

/**
 * Global type (projection.md §2.3), `delegate` being Lean-only.
 * @example `{ kind: 'comm', sender: 'A', receiver: 'B', branches: [{ label: { name: 'm', sort: 'unit' }, continuation: { kind: 'end' } }] }`
 * @public
 */
export type GlobalType =
  | { readonly kind: 'end' }
  | {
      readonly kind: 'comm';
      readonly sender: string;
      readonly receiver: string;
      readonly branches: readonly GlobalBranch[];
    }
  | { readonly kind: 'rec'; readonly var: string; readonly body: GlobalType }
  | { readonly kind: 'var'; readonly name: string }
  | {
      readonly kind: 'delegate';
      readonly delegator: string;
      readonly delegatee: string;
      readonly session_id: number;
      readonly role: string;
      readonly continuation: GlobalType;
    };

/** A branch of a local choice; `payload` is the never-serialised annotation (§2.4). @public */
export interface LocalBranch {
  readonly label: Label;
  readonly continuation: LocalType;
  readonly payload?: ValType;
}

/**
 * Local type (projection.md §2.4).
 * @example `{ kind: 'send', partner: 'B', branches: [{ label: { name: 'm', sort: 'unit' }, continuation: { kind: 'end' } }] }`
 * @public
 */
export type LocalType =
  | { readonly kind: 'end' }
  | { readonly kind: 'send'; readonly partner: string; readonly branches: readonly LocalBranch[] }
  | { readonly kind: 'recv'; readonly partner: string; readonly branches: readonly LocalBranch[] }
  | { readonly kind: 'rec'; readonly var: string; readonly body: LocalType }
  | { readonly kind: 'var'; readonly name: string };

/**
 * Merge failure of Rust's `merge` (projection.md §7.2–7.3): `{ error, message, ...fields }`.
 * @example `{ error: 'SendLabelMismatch', left: 'x', right: 'y', message: "send branch label mismatch: cannot merge sends with different labels 'x' vs 'y'" }`
 * @public
 */
export type MergeError =
  | { readonly error: 'EndMismatch'; readonly other: unknown; readonly message: string }
  | { readonly error: 'PartnerMismatch'; readonly expected: string; readonly found: string; readonly message: string }
  | { readonly error: 'DirectionMismatch'; readonly message: string }
  | { readonly error: 'IncompatibleContinuations'; readonly label: string; readonly message: string }
  | {
      readonly error: 'PayloadAnnotationMismatch';
      readonly label: string;
      readonly left: ValType | null;
      readonly right: ValType | null;
      readonly message: string;
    }
  | { readonly error: 'SendLabelMismatch'; readonly left: string; readonly right: string; readonly message: string }
  | {
      readonly error: 'SendBranchCountMismatch';
      readonly left: number;
      readonly right: number;
      readonly message: string;
    }
  | {
      readonly error: 'RecursiveVariableMismatch';
      readonly expected: string;
      readonly found: string;
      readonly message: string;
    }
  | { readonly error: 'VariableMismatch'; readonly expected: string; readonly found: string; readonly message: string }
  | { readonly error: 'IncompatibleTypes'; readonly message: string };

/** Variant names of {@link MergeError}. @public */
export type MergeErrorKind = MergeError['error'];

/**
 * Failure of `project` (projection with merge, projection.md §7.3). For `MergeFailure` the merge
 * error's variant is under `merge_error` and its fields are spread beside it.
 * @example `{ error: 'EmptyBranches', sender: 'A', receiver: 'B', message: 'empty branches in communication from A to B' }`
 * @public
 */
export type ProjectionError =
  | {
      readonly error: 'MergeFailure';
      readonly role: string;
      readonly merge_error: MergeErrorKind;
      readonly message: string;
      readonly [field: string]: unknown;
    }
  | { readonly error: 'EmptyBranches'; readonly sender: string; readonly receiver: string; readonly message: string }
  | { readonly error: 'UnsupportedKind'; readonly kind: string; readonly message: string };

/**
 * Rejection by the checked projection (projection.md §6.2).
 * @example `{ error: 'ProjectionRejected', role: 'C', message: 'projection mismatch for role C' }`
 * @public
 */
export interface ProjectionRejected {
  readonly error: 'ProjectionRejected';
  readonly role: string;
  readonly message: string;
}

/**
 * One Rust-style well-formedness diagnostic (projection.md §5.2).
 * @example `{ error: 'UnboundVariable', var: 't', message: "unbound type variable 't'" }`
 * @public
 */
export type WellFormednessError =
  | { readonly error: 'UnboundVariable'; readonly var: string; readonly message: string }
  | { readonly error: 'EmptyBranches'; readonly message: string }
  | { readonly error: 'SelfCommunication'; readonly role: string; readonly message: string }
  | { readonly error: 'UnguardedRecursion'; readonly message: string }
  | { readonly error: 'DuplicateLabel'; readonly label: string; readonly message: string };

/**
 * Failure of the conservative asynchronous subtyping check (projection.md §9).
 * @example `{ error: 'PhaseMismatch', sub: 2, sup: 0, message: 'siso phase mismatch: subtype has 2 segments, supertype has 0' }`
 * @public
 */
export type AsyncSubtypeError =
  | { readonly error: 'NotSisoDecomposable'; readonly message: string }
  | { readonly error: 'InputTreeMismatch'; readonly message: string }
  | { readonly error: 'OutputTreeMismatch'; readonly message: string }
  | { readonly error: 'PhaseMismatch'; readonly sub: number; readonly sup: number; readonly message: string }
  | { readonly error: 'UnfoldLimitExceeded'; readonly message: string };
