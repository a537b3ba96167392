/**
 * Session-type data shapes (projection.md §2). Branches are arrays; order matters.
 * The optional `payload` annotation of a branch is internal and never serialised (§2.4).
 */

/** Payload sort (projection.md §2.1). @example `{ prod: ['nat', { vector: 2 }] }` @public */
export type Sort =
  | 'unit'
  | 'nat'
  | 'bool'
  | 'string'
  | 'real'
  | { readonly vector: number }
  | { readonly prod: readonly [Sort, Sort] };

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
  | { readonly kind: 'comm'; readonly sender: string; readonly receiver: string; readonly branches: readonly GlobalBranch[] }
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
