/**
 * The step states of a run request taken the slow way: a pre-state slice at every round, one
 * canonical step per round (machine.md §7.3). The engines keep the last post-state when the round
 * changed nothing; this is what they must match.
 */
import { machineFromRunRequest } from '../../src/machine/loadRunRequest.js';
import type { RunRequest, StepState } from '../../src/types/bridge.js';

export function slowStepStates(request: RunRequest): { states: StepState[]; wakes: number } | undefined {
  const loaded = machineFromRunRequest(request);
  if (!loaded.ok) return undefined;
  const { machine: m, header } = loaded.value;
  const states: StepState[] = [];
  let wakes = 0;
  while (m.stepCount < header.maxSteps) {
    if (m.beginRound()) wakes += 1;
    const pre = m.slice();
    const cid = m.pick();
    if (cid === undefined) break;
    states.push(m.stepState(states.length, pre, m.step(cid)));
    if (m.allTerminal()) break;
  }
  return { states, wakes };
}
