import { SCHEMA_VERSION, tier2Defaults, type RunOutput, type StepState } from '../types/bridge.js';
import type { Machine } from './Machine.js';
import { toBridgeTrace } from './toBridgeTrace.js';

/**
 * The bridge-form run output of a finished machine (bridge.md §4.1, machine.md §8.4): the one
 * builder both engines use, so the cooperative and threaded outputs cannot drift apart.
 * @param machine - The machine after its last round.
 * @param run - Step count at the start of the run, the echoed `concurrency`, whether every
 *   coroutine is terminal (the engine may know it without asking the machine), and the recorded steps.
 * @example
 * ```ts
 * const output = bridgeOutput(machine, { start: 0, concurrency: 1, allTerminal: machine.allTerminal(), stepStates });
 * ```
 * @public
 */
export function bridgeOutput(
  machine: Machine,
  run: {
    readonly start: number;
    readonly concurrency: number | bigint;
    readonly allTerminal: boolean;
    readonly stepStates: readonly StepState[];
  },
): RunOutput {
  return {
    schema_version: SCHEMA_VERSION,
    trace: toBridgeTrace(machine.trace),
    sessions: machine.sessionStatuses(),
    steps_executed: machine.stepCount - run.start,
    concurrency: run.concurrency,
    status: run.allTerminal ? 'completed' : 'stuck',
    step_states: run.stepStates,
    ...tier2Defaults(),
  };
}
