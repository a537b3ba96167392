import { SCHEMA_VERSION, tier2Defaults, type RunOutput, type StepState } from '../types/bridge.js';
import { defineStepStates, type RawStepState } from '../projection/lazyStepStates.js';
import { defineLazyProperty } from '../types/lazyProperty.js';
import type { Machine } from './Machine.js';
import { toBridgeTrace } from './toBridgeTrace.js';

/**
 * The bridge-form run output of a finished machine (bridge.md §4.1, machine.md §8.4): the one
 * builder both engines use, so the cooperative and threaded outputs cannot drift apart.
 * @param machine - The machine after its last round.
 * @param run - Step count at the start of the run, the echoed `concurrency`, whether every
 *   coroutine is terminal (the engine may know it without asking the machine), and the recorded steps
 *   (`stepStates`, or `rawStepStates` to render their `selected_type` texts only when read).
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
    /** Step states with their `selected_type` text. */
    readonly stepStates?: readonly StepState[];
    /** Step states as `Machine.rawStepState` records them: the text is rendered when the output is read. */
    readonly rawStepStates?: readonly RawStepState[];
  },
): RunOutput {
  const events = machine.traceSnapshot();
  const head = { schema_version: SCHEMA_VERSION };
  // The bridge trace is built when read: a traced run does not pay for its JSON form unless asked.
  defineLazyProperty(head, 'trace', () => toBridgeTrace(events.toArray()));
  Object.assign(head, {
    sessions: machine.sessionStatuses(),
    steps_executed: machine.stepCount - run.start,
    concurrency: run.concurrency,
    status: run.allTerminal ? 'completed' : 'stuck',
  });
  // step_states in its place among the keys, then the Tier 2 keys (JSON key order).
  if (run.rawStepStates === undefined) Object.assign(head, { step_states: run.stepStates ?? [] });
  else defineStepStates(head, run.rawStepStates);
  // The keys above, in this order: the output's shape (the accessors hide it from the type checker).
  return Object.assign(head, tier2Defaults()) as unknown as RunOutput;
}
