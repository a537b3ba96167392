import type fc from 'fast-check';
import { runRequestArb } from '../../../arbitraries/runRequest.js';
import { strictlyEqual } from '../../trace/strictlyEqual.js';
import type { RunRequest } from '../../types/bridge.js';
import type { FuzzProperty } from '../types.js';
import { execution, failed, passed } from '../verdicts.js';
import { compareLoadOutcome } from './_internals/compareLoadOutcome.js';
import { runRequestSwarm, withNames } from '../_internals/swarm.js';
import { observeRequest } from '../_internals/observeCase.js';
import { kRequestFeatures } from '../_internals/features.js';

const arbitraries = new Map<string, fc.Arbitrary<RunRequest>>();
const kMaxArbitraries = 64;

/**
 * `cooperative-vs-reference`: the cooperative engine and the reference runner give identical
 * bridge-form output for the same run request (bridge.md §11 baseline; both lanes are ours, so
 * `step_states` are compared raw), and reject the same requests with the same error.
 * @example `await runCampaign({ properties: ['cooperative-vs-reference'], runs: 200, seed: 1 })`
 * @public
 */
export const cooperativeVsReference: FuzzProperty<RunRequest> = {
  id: 'cooperative-vs-reference',
  description:
    'cooperative engine vs reference runner: identical bridge-form output (step_states included), same load errors',
  arbitrary: (_ctx, swarm) => {
    // Every chunk asks for its configuration's arbitrary: build each once (a third of a ms each time).
    const key = swarm === undefined ? '' : JSON.stringify(swarm);
    let arb = arbitraries.get(key);
    if (arb === undefined) {
      if (arbitraries.size >= kMaxArbitraries) arbitraries.clear();
      arb = withNames(swarm, (names) => runRequestArb(runRequestSwarm(swarm, 0.15, names)));
      arbitraries.set(key, arb);
    }
    return arb;
  },
  features: kRequestFeatures,
  async check(request, { implementations: impl }) {
    const coop = impl.runCooperative(request);
    const ref = await impl.runReference(request);
    const load = compareLoadOutcome('cooperative', coop, 'reference', ref);
    if (load !== null) return load;
    if (!coop.ok || !ref.ok) return passed(observeRequest(request, coop));
    const verdict = strictlyEqual(coop.value, ref.value, { leftLane: 'cooperative', rightLane: 'reference' });
    if (verdict.equivalent) return passed(observeRequest(request, coop));
    return failed(
      verdict.divergence?.explanation ?? 'outputs differ',
      verdict.divergence ?? null,
      'to read both outputs, run the saved request on each lane: `telltale-parity corpus show` on the saved file prints both `telltale-parity run` commands',
      [execution('cooperative', coop.value), execution('reference', ref.value)],
    );
  },
};
