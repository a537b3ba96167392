import fc from 'fast-check';
import { imageRunCaseArb, type ImageRunCase } from '../../../arbitraries/imageRunCase.js';
import { judgeEnvelope } from '../../trace/judgeEnvelope.js';
import { strictlyEqual } from '../../trace/strictlyEqual.js';
import type { FuzzProperty } from '../types.js';
import { failed, passed } from '../verdicts.js';
import { compareLoadOutcome } from './_internals/compareLoadOutcome.js';
import { firstDifference } from './_internals/firstDifference.js';
import { imageSwarm, levelFor, withNames } from '../_internals/swarm.js';
import { observeImage } from '../_internals/observeCase.js';
import { kImageFeatures } from '../_internals/features.js';

/** Input of {@link cooperativeVsThreadedImages}: an image case and the threaded engine's lanes and mode. @example `{ run, lanes: 3, waves: true }` @public */
export interface ThreadedImageCase {
  readonly run: ImageRunCase;
  readonly lanes: number;
  /** `wave_parallel_extension` (else `canonical_one_step`). */
  readonly waves: boolean;
}

/** Machine events the bridge form carries unchanged (machine.md §13.2). */
const PASS_THROUGH = new Set([
  'epoch_advanced',
  'acquired',
  'released',
  'transferred',
  'forked',
  'joined',
  'aborted',
  'tagged',
  'checked',
  'session_terminal',
  'timeout_issued',
  'cancellation_requested',
  'cancelled',
]);

/**
 * Instructions whose outcome may depend on the schedule: new ids, the global trace, ownership, and
 * `Close` (whether the partner's next step meets a closed session depends on who ran first).
 */
const SCHEDULE_DEPENDENT = new Set([
  'Spawn',
  'Open',
  'Close',
  'Fork',
  'Join',
  'Abort',
  'Transfer',
  'Acquire',
  'Release',
]);

/**
 * Whether bridge.md §11.4's argument holds for the case, so the role-local rule G2 is gated: FIFO
 * buffers that block when full, no perturbations (they fall on ticks, which wave rounds compress),
 * no schedule-dependent instruction, no endpoint written into a register by `Set` (a role could then
 * send on another role's edge, which would have two senders), and the unbounded default cost budget
 * (a blocked attempt costs credits too, so how many a role has left depends on the schedule).
 */
function roleLocal({ image, config }: ImageRunCase): boolean {
  const fifoBlocks = (b: { readonly mode: string; readonly policy: { readonly kind: string } } | undefined): boolean =>
    b === undefined || (b.mode === 'fifo' && (b.policy.kind === 'block' || b.policy.kind === 'resize'));
  return (
    fifoBlocks(config.bufferConfig) &&
    (config.edgeBufferConfigs ?? []).every((e) => fifoBlocks(e.config)) &&
    (config.topologyPerturbations ?? []).length === 0 &&
    config.progressTokenPolicy !== 'consume' &&
    config.initialCostBudget === undefined &&
    !image.program.code.some((i) => SCHEDULE_DEPENDENT.has(i.op) || (i.op === 'Set' && i.val.kind === 'chan'))
  );
}

/**
 * `cooperative-vs-threaded-images`: the threaded engine on code images with Tier-2 features
 * (`imageRunCaseArb`). At n = 1 or under `canonical_one_step` its run equals the cooperative one
 * strictly (output, `step_states`, raw ticks, and the diagnostics' trace, faults and failure-visible
 * lists; a schedule applies). At n > 1 in `wave_parallel_extension` (no schedule) the envelope
 * classifier (bridge.md §11.2) judges the pair: the executed waves stay within n (G1), the bridge-form trace is its own machine trace converted in order (the
 * Tier-2 events passed through where they happened), and where bridge.md §11.4's argument holds the
 * role-local rule G2 passes too.
 * @example `await runCampaign({ properties: ['cooperative-vs-threaded-images'], runs: 200, seed: 1 })`
 * @public
 */
export const cooperativeVsThreadedImages: FuzzProperty<ThreadedImageCase> = {
  id: 'cooperative-vs-threaded-images',
  description:
    'threaded vs cooperative on code images with Tier-2 features: strict at n = 1 / canonical_one_step; at n > 1 waves within n, Tier-2 events in place, role-local rule where it applies',
  features: kImageFeatures,
  arbitrary: (_ctx, swarm) =>
    fc.record({
      run: withNames(swarm, (names) => imageRunCaseArb(imageSwarm(swarm, 0.4, names))),
      lanes: fc.integer({ min: 1, max: levelFor(swarm, 'concurrency', [1, 4, 4, 6]) }),
      waves: fc.boolean(),
    }),
  async check({ run, lanes, waves }, { implementations: impl }) {
    const wave = waves && lanes > 1;
    const options = { config: run.config, maxSteps: run.maxSteps, ...(wave ? {} : { schedule: run.schedule }) };
    const coop = impl.runCooperative(run.image, options);
    const threaded = await impl.runThreaded(run.image, {
      ...options,
      lanes,
      workers: 1,
      mode: waves ? 'wave_parallel_extension' : 'canonical_one_step',
    });
    const load = compareLoadOutcome('cooperative', coop, 'threaded', threaded);
    if (load !== null) return load;
    const observe = () => passed(observeImage(run.image, threaded, { buffer: run.config.bufferConfig }, [coop]));
    if (!coop.ok || !threaded.ok) return observe();
    const diagnostics = threaded.value.diagnostics;
    if (!wave) {
      const verdict = strictlyEqual(
        coop.value,
        { ...threaded.value, output: { ...threaded.value.output, concurrency: 1 } },
        {
          leftLane: 'cooperative',
          rightLane: 'threaded',
        },
      );
      if (!verdict.equivalent)
        return failed(
          verdict.divergence?.explanation ?? 'outputs differ',
          verdict.divergence ?? null,
          'n = 1 and canonical_one_step must reproduce the cooperative run exactly',
        );
      const pick = (d: Readonly<Record<string, unknown>> | null): Record<string, unknown> => ({
        final_tick: d?.['final_tick'],
        faults: d?.['faults'],
        machine_trace: d?.['machine_trace'],
        failure_visible: d?.['failure_visible'],
      });
      const diff = firstDifference(pick(coop.value.diagnostics), pick(diagnostics), '$.diagnostics');
      return diff === null
        ? observe()
        : failed(`diagnostics differ at ${diff.path}`, { ...diff, leftLane: 'cooperative', rightLane: 'threaded' });
    }
    // The envelope classifier of bridge.md §11.2 classifies every pair (failure-visible lists
    // included); G1 is gated always, the role-local rule G2 where its argument holds.
    const judgement = judgeEnvelope(coop.value, threaded.value);
    if (judgement.gates.G1 !== true) return failed(judgement.failures.join('; '), judgement.envelopeDiff);
    // The Tier-2 events sit in the bridge form where the machine trace has them (machine.md §13.2):
    // its JSON, minus the dropped kinds, is the bridge trace kind by kind, tick by tick, and the
    // pass-through events are equal as they are.
    const machine = ((diagnostics?.machine_trace ?? []) as readonly Record<string, unknown>[]).filter(
      (e) => e['kind'] !== 'invoked' && e['kind'] !== 'failure_branch_entered',
    );
    const bridge = threaded.value.output.trace;
    const shape = (e: Readonly<Record<string, unknown>>): string => `${String(e['kind'])}@${String(e['tick'])}`;
    const placed = firstDifference(bridge.map(shape), machine.map(shape), '$.trace');
    if (placed !== null) return failed(`bridge-form trace and machine trace disagree at ${placed.path}`, placed);
    for (const [i, e] of machine.entries()) {
      if (!PASS_THROUGH.has(String(e['kind']))) continue;
      const d = firstDifference(bridge[i], e, `$.trace[${i}]`);
      if (d !== null)
        return failed(`pass-through event ${String(e['kind'])} changed in the bridge form at ${d.path}`, d);
    }
    if (!roleLocal(run) || judgement.gates.G2 === true) return observe();
    return failed(
      `envelope rule failed at n = ${lanes}: ${judgement.failures.join('; ')}`,
      judgement.divergence ?? judgement.envelopeDiff,
      'the role-local rule (docs/spec/bridge.md §11.4) says each role sees the same events in both runs, up to a prefix when the run is cut short',
    );
  },
};
