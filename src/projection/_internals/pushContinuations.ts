import type { GlobalBranch, GlobalType } from '../../types/session.js';

/**
 * Pushes the branches' continuations onto a work stack in reverse, so that popping visits them in
 * branch order (depth-first, first branch first) — the walk order of the recursive definitions.
 */
export function pushContinuations(stack: { push(item: GlobalType): unknown }, branches: readonly GlobalBranch[]): void {
  for (let i = branches.length - 1; i >= 0; i--) {
    const b = branches[i];
    if (b !== undefined) stack.push(b.continuation);
  }
}
