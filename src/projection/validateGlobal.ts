import type { GlobalType, WellFormednessError } from '../types/session.js';
import { freeVars } from './freeVars.js';
import { pushContinuations } from './_internals/pushContinuations.js';

function firstDepthFirst<T>(g: GlobalType, visit: (n: GlobalType) => T | undefined): T | undefined {
  const stack: GlobalType[] = [g];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    const hit = visit(n);
    if (hit !== undefined) return hit;
    if (n.kind === 'comm') pushContinuations(stack, n.branches);
    else if (n.kind === 'rec') stack.push(n.body);
    else if (n.kind === 'delegate') stack.push(n.continuation);
  }
  return undefined;
}

/**
 * Rust-style well-formedness diagnostics (projection.md §5.2), all of them, in the fixed order:
 * unbound variables, empty branches, self-communication, unguarded recursion (syntactic),
 * duplicate label names. Empty array = valid. Rust shows one error alone and several as
 * `multiple validation errors: ...` ({@link formatWellFormednessErrors}).
 * @example
 * ```ts
 * validateGlobal(rec X. rec Y. A→B{a. X}); // [{ error: 'UnguardedRecursion', message: 'unguarded recursion: μ-binder must be followed by communication' }]
 * ```
 * @public
 */
export function validateGlobal(g: GlobalType): WellFormednessError[] {
  const out: WellFormednessError[] = [];
  for (const v of freeVars(g)) out.push({ error: 'UnboundVariable', var: v, message: `unbound type variable '${v}'` });
  if (firstDepthFirst(g, (n) => (n.kind === 'comm' && n.branches.length === 0 ? true : undefined))) {
    out.push({ error: 'EmptyBranches', message: 'empty branches not allowed' });
  }
  const self = firstDepthFirst(g, (n) =>
    n.kind === 'comm' && n.sender === n.receiver
      ? n.sender
      : n.kind === 'delegate' && n.delegator === n.delegatee
        ? n.delegator
        : undefined,
  );
  if (self !== undefined)
    out.push({
      error: 'SelfCommunication',
      role: self,
      message: `self-communication: role '${self}' cannot send to itself`,
    });
  if (
    firstDepthFirst(g, (n) => (n.kind === 'rec' && (n.body.kind === 'var' || n.body.kind === 'rec') ? true : undefined))
  ) {
    out.push({
      error: 'UnguardedRecursion',
      message: 'unguarded recursion: μ-binder must be followed by communication',
    });
  }
  const dup = firstDepthFirst(g, (n) => {
    if (n.kind !== 'comm') return undefined;
    const seen = new Set<string>();
    for (const b of n.branches) {
      if (seen.has(b.label.name)) return b.label.name;
      seen.add(b.label.name);
    }
    return undefined;
  });
  if (dup !== undefined)
    out.push({ error: 'DuplicateLabel', label: dup, message: `duplicate label name '${dup}' in branches` });
  return out;
}

/**
 * Rust's display of a diagnostics list: one error alone, several as
 * `multiple validation errors: <e1>, <e2>, ...`; `''` when there is none.
 * @example
 * ```ts
 * formatWellFormednessErrors(validateGlobal(g));
 * ```
 * @public
 */
export function formatWellFormednessErrors(errors: readonly WellFormednessError[]): string {
  if (errors.length === 0) return '';
  const [only] = errors;
  if (only !== undefined && errors.length === 1) return only.message;
  return `multiple validation errors: ${errors.map((e) => e.message).join(', ')}`;
}
