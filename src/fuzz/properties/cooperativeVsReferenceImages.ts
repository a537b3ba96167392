import { imageRunCaseArb, type ImageRunCase } from '../../../arbitraries/imageRunCase.js';
import { strictlyEqual } from '../../trace/strictlyEqual.js';
import type { FuzzProperty } from '../types.js';
import { failed, passed } from '../verdicts.js';
import { compareLoadOutcome } from './_internals/compareLoadOutcome.js';
import { firstDifference } from './_internals/firstDifference.js';
import { imageSwarm, withNames } from '../_internals/swarm.js';
import { observeImage } from '../_internals/observeCase.js';
import { kImageFeatures } from '../_internals/features.js';

export type { ImageRunCase };

/** The diagnostics both executors must agree on (machine.md §8.4, §13.1). */
const kDiagnosticFields = ['final_tick', 'faults', 'machine_trace', 'failure_visible'] as const;

/**
 * `cooperative-vs-reference-images`: code images (compiled, mutated and random bytecode; 30 % with
 * Tier-2 features and the configuration that enables them) run under varied machine
 * configurations and schedules on the cooperative engine and on the independent
 * image executor (`runImageReference`, written from the Lean semantics) give identical results:
 * the same load or configuration error, or strictly equal bridge-form outputs (trace, sessions,
 * status, `step_states` with raw ticks) and equal diagnostics (`final_tick`, `faults`, the full
 * `machine_trace` with values and sequence numbers, `failure_visible`). The two share no machine
 * code, so a wrong instruction semantics in the engines (which the threaded comparisons cannot
 * see: both engines run the same core) shows here.
 * @example `await runCampaign({ properties: ['cooperative-vs-reference-images'], runs: 300, seed: 1 })`
 * @public
 */
export const cooperativeVsReferenceImages: FuzzProperty<ImageRunCase> = {
  id: 'cooperative-vs-reference-images',
  description:
    'cooperative engine vs the independent image executor on code images (compiled, mutated, random code; Tier-2 features) under varied configs and schedules: identical output, events and step_states',
  arbitrary: (_ctx, swarm) => withNames(swarm, (names) => imageRunCaseArb(imageSwarm(swarm, 0.3, names))),
  features: kImageFeatures,
  check({ image, config, schedule, maxSteps }, { implementations: impl }) {
    const options = { config, schedule, maxSteps };
    const coop = impl.runCooperative(image, options);
    const ref = impl.runImageReference(image, options);
    const load = compareLoadOutcome('cooperative', coop, 'reference', ref);
    if (load !== null) return load;
    const observe = () => passed(observeImage(image, coop, { buffer: config.bufferConfig }));
    if (!coop.ok || !ref.ok) return observe();
    const verdict = strictlyEqual(coop.value, ref.value, { leftLane: 'cooperative', rightLane: 'reference' });
    if (!verdict.equivalent) {
      return failed(
        verdict.divergence?.explanation ?? 'outputs differ',
        verdict.divergence ?? null,
        'the reference executor follows the Lean semantics (docs/machine.md lists each instruction); run both with runCooperative(image, options) and runImageReference(image, options)',
      );
    }
    const pick = (d: Readonly<Record<string, unknown>> | null): Record<string, unknown> =>
      Object.fromEntries(kDiagnosticFields.map((k) => [k, d?.[k]]));
    const diff = firstDifference(pick(coop.value.diagnostics), pick(ref.value.diagnostics), '$.diagnostics');
    if (diff === null) return observe();
    return failed(`diagnostics differ at ${diff.path}`, { ...diff, leftLane: 'cooperative', rightLane: 'reference' });
  },
};
