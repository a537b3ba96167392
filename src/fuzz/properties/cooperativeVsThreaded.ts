import fc from 'fast-check';
import { runRequestArb } from '../../../arbitraries/runRequest.js';
import { judgeEnvelope } from '../../trace/judgeEnvelope.js';
import { strictlyEqual } from '../../trace/strictlyEqual.js';
import type { RunOutput, RunRequest, RunResult } from '../../types/bridge.js';
import type { BridgeError } from '../../types/errors.js';
import { ok, type Result } from '../../types/result.js';
import { shareLoading } from '../../machine/loadRunRequest.js';
import type { CaseObservation, FuzzProperty, SwarmConfiguration } from '../types.js';
import { execution, failed, passed } from '../verdicts.js';
import { compareLoadOutcome } from './_internals/compareLoadOutcome.js';
import { levelFor, runRequestSwarm, withNames } from '../_internals/swarm.js';
import { observeRequest } from '../_internals/observeCase.js';
import { kThreadedFeatures } from '../_internals/features.js';

/**
 * `cooperative-vs-threaded-n1`: at n = 1 the threaded engine's bridge-form output equals the
 * cooperative engine's exactly, `step_states` and raw ticks included (bridge.md §11.1).
 * The request's `concurrency` is set to 1; `workers: 1` keeps the run on the fuzz worker's thread.
 * @example `await runCampaign({ properties: ['cooperative-vs-threaded-n1'], runs: 100, seed: 1 })`
 * @public
 */
export const cooperativeVsThreadedN1: FuzzProperty<RunRequest> = {
  id: 'cooperative-vs-threaded-n1',
  description:
    'cooperative vs threaded at n = 1: strict equality of the bridge form, step_states and raw ticks included (docs/spec/bridge.md §11.1)',
  arbitrary: (_ctx, swarm) =>
    withNames(swarm, (names) => runRequestArb(runRequestSwarm(swarm, 0.1, names))).map((r) => ({
      ...r,
      concurrency: 1,
    })),
  features: kThreadedFeatures,
  async check(request, { implementations: impl }) {
    // Both engines load this request: they share the read-only product of loading (one decode,
    // projection, compilation and validation per choreography), each on its own fresh machine.
    // The copy is made for this case alone, so nothing can change it or meet it again.
    const shared = { ...request };
    const release = shareLoading(shared);
    let coop: Result<RunResult, BridgeError>;
    let threaded: Result<RunResult, BridgeError>;
    try {
      coop = impl.runCooperative(shared);
      threaded = await impl.runThreaded(shared, { lanes: 1, workers: 1 });
    } finally {
      release();
    }
    const load = compareLoadOutcome('cooperative', coop, 'threaded', threaded);
    if (load !== null) return load;
    if (!coop.ok || !threaded.ok) return passed(observeRequest(request, coop));
    const verdict = strictlyEqual(coop.value, threaded.value, { leftLane: 'cooperative', rightLane: 'threaded' });
    return verdict.equivalent
      ? passed(observeN1(request, coop, threaded.value))
      : failed(
          verdict.divergence?.explanation ?? 'outputs differ',
          verdict.divergence ?? null,
          'at n = 1 the threaded engine must reproduce the cooperative run exactly',
          [execution('cooperative', coop.value), execution('threaded', threaded.value)],
        );
  },
};

/**
 * The observation of an n = 1 case whose two runs were found strictly equal: what
 * `observeRequest(request, coop, [threaded])` answers, without reading the threaded run's trace
 * and step states again. Strict equality means they give the cooperative run's features; the
 * threaded run adds only what lies outside its output, its diagnostics (wave widths).
 * @internal
 */
export function observeN1(
  request: RunRequest,
  coop: Result<RunResult, BridgeError>,
  threaded: RunResult,
): CaseObservation {
  // An output with nothing to read but its status (already among the cooperative run's features).
  const output = { status: threaded.output.status, trace: [], step_states: [] } as unknown as RunOutput;
  return observeRequest(request, coop, [ok({ output, diagnostics: threaded.diagnostics })]);
}

/** Input of {@link cooperativeVsThreadedEnvelope}: a request and its lane count n > 1. @example `{ request: { ...req, concurrency: 3 }, lanes: 3 }` @public */
export interface EnvelopeCase {
  readonly request: RunRequest;
  readonly lanes: number;
}

/**
 * Cases of the wave-parallel properties: an accepted request run on n = 2… lanes (more under a
 * swarm configuration that turns concurrency up).
 * @example `fc.sample(envelopeCaseArb(undefined), 1)[0].lanes // 2..4`
 */
export function envelopeCaseArb(swarm: SwarmConfiguration | undefined): fc.Arbitrary<EnvelopeCase> {
  return fc
    .record({
      request: withNames(swarm, (names) => runRequestArb(runRequestSwarm(swarm, 0, names))),
      lanes: fc.integer({ min: 2, max: levelFor(swarm, 'concurrency', [2, 4, 4, 6]) }),
    })
    .map(({ request, lanes }) => ({ request: { ...request, concurrency: lanes }, lanes }));
}

/**
 * `cooperative-vs-threaded-envelope`: at n > 1 in `wave_parallel_extension` mode the threaded run
 * passes the envelope acceptance rule against the cooperative baseline (`judgeEnvelope`, bridge.md
 * §11.3: G1 declared wave bound and G2 role-local rule; G3 is not gated, §11.3).
 * @example `await runCampaign({ properties: ['cooperative-vs-threaded-envelope'], runs: 100, seed: 1 })`
 * @public
 */
export const cooperativeVsThreadedEnvelope: FuzzProperty<EnvelopeCase> = {
  id: 'cooperative-vs-threaded-envelope',
  description:
    'cooperative vs threaded at n > 1 (wave_parallel_extension): envelope acceptance rule G1 + G2 (docs/spec/bridge.md §11.3-11.4)',
  features: kThreadedFeatures,
  arbitrary: (_ctx, swarm) => envelopeCaseArb(swarm),
  async check({ request, lanes }, { implementations: impl }) {
    // The envelope regime reads traces, sessions and counts, never step_states (judgeEnvelope):
    // neither lane records them (the n1 property compares them).
    const coop = impl.runCooperative(request, { stepStates: false });
    const threaded = await impl.runThreaded(request, {
      lanes,
      workers: 1,
      mode: 'wave_parallel_extension',
      stepStates: false,
    });
    const load = compareLoadOutcome('cooperative', coop, 'threaded', threaded);
    if (load !== null) return load;
    if (!coop.ok || !threaded.ok) return passed(observeRequest(request, coop));
    const judgement = judgeEnvelope(coop.value, threaded.value);
    if (judgement.pass) return passed(observeRequest(request, coop, [threaded]));
    return failed(
      `envelope rule failed at n = ${lanes}: ${judgement.failures.join('; ')}`,
      judgement.divergence ?? judgement.envelopeDiff,
      'the role-local rule (docs/spec/bridge.md §11.4) says each role sees the same events in both runs, up to a prefix when the run is cut short',
      [execution('cooperative', coop.value), execution(`threaded (n = ${lanes})`, threaded.value)],
    );
  },
};
