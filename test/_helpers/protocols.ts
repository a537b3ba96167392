/**
 * The ping-pong choreographies that tests and benches drive (machine.md §14.1). One definition, so
 * a bench and the tests that check its workload run the same protocol.
 */
import type { GlobalType } from '../../src/types/session.js';

/** `A → B : ping . B → A : pong . next`. */
function pingThenPong(next: GlobalType): GlobalType {
  return {
    kind: 'comm',
    sender: 'A',
    receiver: 'B',
    branches: [
      {
        label: { name: 'ping', sort: 'unit' },
        continuation: {
          kind: 'comm',
          sender: 'B',
          receiver: 'A',
          branches: [{ label: { name: 'pong', sort: 'unit' }, continuation: next }],
        },
      },
    ],
  };
}

/** `rec t. A → B : ping . B → A : pong . t`: the long-running two-role loop. */
export const pingPong: GlobalType = { kind: 'rec', var: 't', body: pingThenPong({ kind: 'var', name: 't' }) };

/** `A → B : ping . B → A : pong . end` (machine.md §14.1). */
export const pingPongOnce: GlobalType = pingThenPong({ kind: 'end' });
