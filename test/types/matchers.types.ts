/**
 * Type tests of the `Matchers` augmentation and the public option types. Checked by
 * `tsc --noEmit` (part of `npm test`), never executed: every `@ts-expect-error` must stay an error.
 */
import { expect, expectTypeOf } from 'vitest';
import type { ParityMatchers } from '../../matchers/index.js';
import { judgeEnvelope, type EnvelopeJudgement } from '../../src/trace/judgeEnvelope.js';
import { observationallyEquivalent, type EquivalenceResult } from '../../src/trace/observationallyEquivalent.js';
import type { Divergence } from '../../src/trace/divergence.js';
import {
  lanes,
  telltaleParity,
  type Lane,
  type ResolvedParityOptions,
  type TelltaleParityOptions,
} from '../../src/plugin/index.js';
import type { BridgeEvent, RunOutput, RunResult } from '../../src/types/bridge.js';
import type { GlobalType, LocalType } from '../../src/types/session.js';

declare const trace: readonly BridgeEvent[];
declare const out: RunOutput;
declare const res: RunResult;
declare const g: GlobalType;
declare const l: LocalType;
declare const laneResult: Awaited<ReturnType<Lane['run']>>;

export function typeTests(): void {
  // The augmentation types the matchers on expect(x), on .not, and as asymmetric matchers.
  expect(trace).toBeObservationallyEquivalent(out);
  expect(res).toBeObservationallyEquivalent(res, {
    profile: 'ModuloCommutativity',
    ticks: 'exact',
    onExpired: 'fail',
    leftLane: 'a',
    rightLane: 'b',
  });
  expect(res).not.toBeObservationallyEquivalent(trace, { deviations: 'deviations.json' });
  expect(res).toConformWithinEnvelope(res, { sessionOrder: true });
  expect(g).toProjectTo('A', l, { merge: true });
  expect({ a: trace }).toEqual({ a: expect.toBeObservationallyEquivalent(trace) });
  expect(laneResult).toBeObservationallyEquivalent(laneResult);

  // @ts-expect-error: not a determinism profile
  expect(trace).toBeObservationallyEquivalent(trace, { profile: 'Bogus' });
  // @ts-expect-error: ticks is 'per-session' | 'exact'
  expect(trace).toBeObservationallyEquivalent(trace, { ticks: 'raw' });
  // @ts-expect-error: the other side must be a trace or a run
  expect(trace).toBeObservationallyEquivalent(42);
  // @ts-expect-error: the baseline must be an engine result
  expect(res).toConformWithinEnvelope('cooperative');
  // @ts-expect-error: sessionOrder is a boolean
  expect(res).toConformWithinEnvelope(res, { sessionOrder: 'yes' });
  // @ts-expect-error: role is a string
  expect(g).toProjectTo(1, l);
  // @ts-expect-error: the local type must be a LocalType
  expect(g).toProjectTo('A', { kind: 'bogus' });
  // @ts-expect-error: unknown matcher
  expect(trace).toBeParityEquivalent(trace);

  expectTypeOf(observationallyEquivalent(trace, out)).toEqualTypeOf<EquivalenceResult>();
  expectTypeOf<EquivalenceResult['divergence']>().toEqualTypeOf<Divergence | null>();
  expectTypeOf(judgeEnvelope(res, res)).toEqualTypeOf<EnvelopeJudgement>();
  expectTypeOf<ParityMatchers<void>['toProjectTo']>().returns.toBeVoid();

  // Plugin options: serialisable, checked.
  telltaleParity({ leanRunner: null, numRuns: 10, seed: 42, profile: 'Replay', corpusDir: 'corpora' });
  // @ts-expect-error: numRuns is a number
  telltaleParity({ numRuns: '10' });
  // @ts-expect-error: unknown option
  telltaleParity({ bogus: true } satisfies TelltaleParityOptions);
  expectTypeOf<ResolvedParityOptions['leanRunner']>().toEqualTypeOf<string | null>();
  expectTypeOf(lanes.cooperative).toEqualTypeOf<Lane>();
  expectTypeOf(lanes.lean).toEqualTypeOf<Lane | undefined>();
}
