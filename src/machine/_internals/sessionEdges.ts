/** The protocol edges of a session and its record (machine.md §9.4 step 6, §5.7): loader and `Open` alike. */
import type { SessionBranch, SessionType } from '../../types/machine.js';
import { EdgeBuffer, SessionRecord } from './records.js';

/**
 * The directed edges `[sender, receiver]` the local types use: roles in order, each type walked
 * depth-first, first insertion wins, no self-edges.
 */
export function protocolEdges(localTypes: readonly (readonly [string, SessionType])[]): [string, string][] {
  const edges: [string, string][] = [];
  // Receivers by sender: one lookup per node, whatever the number of edges.
  const seen = new Map<string, Set<string>>();
  const add = (sender: string, receiver: string): void => {
    if (sender === receiver) return;
    let to = seen.get(sender);
    if (to === undefined) seen.set(sender, (to = new Set()));
    if (to.has(receiver)) return;
    to.add(receiver);
    edges.push([sender, receiver]);
  };
  // An explicit stack (depth first, branches in order): types may nest 100k levels deep.
  const walk = (role: string, root: SessionType): void => {
    const work: SessionType[] = [root];
    for (let t = work.pop(); t !== undefined; t = work.pop()) {
      switch (t.kind) {
        case 'send':
        case 'recv':
          if (t.kind === 'send') add(role, t.partner);
          else add(t.partner, role);
          work.push(t.cont);
          break;
        case 'select':
        case 'branch':
          if (t.kind === 'select') add(role, t.partner);
          else add(t.partner, role);
          for (let k = t.branches.length - 1; k >= 0; k--) work.push((t.branches[k] as SessionBranch).cont);
          break;
        case 'mu':
          work.push(t.body);
          break;
        default:
          break;
      }
    }
  };
  for (const [role, t] of localTypes) walk(role, t);
  return edges;
}

/** A fresh session record with its edge buffers and the roles' current types. */
export function sessionRecord(
  sid: number,
  roles: readonly string[],
  localTypes: readonly (readonly [string, SessionType])[],
  edges: readonly (readonly [string, string])[],
): SessionRecord {
  const session = new SessionRecord(sid, roles);
  for (const [sender, receiver] of edges) session.edges.push(new EdgeBuffer({ sid, sender, receiver }));
  for (const [role, t] of localTypes) session.types.set(role, t);
  return session;
}
