import type { GlobalType } from '../types/session.js';
import { pushContinuations } from './_internals/pushContinuations.js';

/**
 * Participant roles in first-occurrence order (projection.md §4, Lean `GlobalType.roles`): sender,
 * receiver, then each branch; for `delegate` the delegator and delegatee (not the delegated role).
 * Iterative, so deep Lean-decoded types are fine.
 * @example
 * ```ts
 * roles(decodeGlobalValue(json).value); // e.g. ['C', 'A', 'B', 'D']
 * ```
 * @public
 */
export function roles(g: GlobalType): string[] {
  const seen = new Set<string>();
  const stack: GlobalType[] = [g];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    switch (n.kind) {
      case 'comm':
        seen.add(n.sender);
        seen.add(n.receiver);
        pushContinuations(stack, n.branches);
        break;
      case 'delegate':
        seen.add(n.delegator);
        seen.add(n.delegatee);
        stack.push(n.continuation);
        break;
      case 'rec':
        stack.push(n.body);
        break;
      default:
        break;
    }
  }
  return [...seen];
}
