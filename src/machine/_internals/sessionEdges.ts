/** The protocol edges of a session and its record (machine.md §9.4 step 6, §5.7): loader and `Open` alike. */
import type { SessionType } from '../../types/machine.js';
import { EdgeBuffer, SessionRecord } from './records.js';

/**
 * The directed edges `[sender, receiver]` the local types use: roles in order, each type walked
 * depth-first, first insertion wins, no self-edges.
 */
export function protocolEdges(localTypes: readonly (readonly [string, SessionType])[]): [string, string][] {
  const edges: [string, string][] = [];
  const add = (sender: string, receiver: string): void => {
    if (sender === receiver) return;
    for (const [s, r] of edges) if (s === sender && r === receiver) return;
    edges.push([sender, receiver]);
  };
  const walk = (role: string, t: SessionType): void => {
    switch (t.kind) {
      case 'send':
      case 'select':
        add(role, t.partner);
        break;
      case 'recv':
      case 'branch':
        add(t.partner, role);
        break;
      default:
        break;
    }
    if (t.kind === 'send' || t.kind === 'recv') walk(role, t.cont);
    else if (t.kind === 'select' || t.kind === 'branch') for (const b of t.branches) walk(role, b.cont);
    else if (t.kind === 'mu') walk(role, t.body);
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
