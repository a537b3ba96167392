/**
 * The recursive two-role ping-pong (`rec t. A→B ping. B→A pong. t`, 10 instructions per round
 * trip) as run requests: one session for the machine bench, `sessions` independent ones for the
 * threaded bench.
 */
import { pingPong } from '../../test/_helpers/protocols.js';

/** A run request of `sessions` ping-pong choreographies, `concurrency` lanes, `maxSteps` budget. */
export function pingPongRequest(sessions: number, concurrency: number, maxSteps: number): object {
  return {
    schema_version: 'lean_bridge.v1',
    choreographies: Array.from({ length: sessions }, () => ({
      schema_version: 'lean_bridge.v1',
      global_type: pingPong,
      roles: ['A', 'B'],
    })),
    concurrency,
    max_steps: maxSteps,
  };
}
