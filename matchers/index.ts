/**
 * `telltale-parity/matchers`: the parity matchers for Vitest's `expect`, one file each, and the
 * `Matchers` augmentation that types them. The Vitest plugin registers them for you; without it:
 * `expect.extend(parityMatchers)`.
 */
import type { EnvelopeInput, EnvelopeOptions, LaneResult } from '../src/trace/judgeEnvelope.js';
import type { EquivalenceOptions, RunLike } from '../src/trace/observationallyEquivalent.js';
import type { LocalType } from '../src/types/session.js';
import { toBeObservationallyEquivalent } from './toBeObservationallyEquivalent.js';
import { toConformWithinEnvelope } from './toConformWithinEnvelope.js';
import { toProjectTo, type ProjectToOptions } from './toProjectTo.js';
import { toMatchHeapCorpus, type HeapCorpusMatchers } from './toMatchHeapCorpus.js';

export { toBeObservationallyEquivalent } from './toBeObservationallyEquivalent.js';
export type { ParityMatcherResult } from './toBeObservationallyEquivalent.js';
export { toConformWithinEnvelope } from './toConformWithinEnvelope.js';
export { toProjectTo } from './toProjectTo.js';
export type { ProjectToOptions } from './toProjectTo.js';
export { toMatchHeapCorpus } from './toMatchHeapCorpus.js';
export type { HeapCorpusInput, HeapCorpusMatchers } from './toMatchHeapCorpus.js';

/**
 * Every parity matcher, ready for `expect.extend(parityMatchers)`.
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * import { parityMatchers } from 'telltale-parity/matchers';
 * expect.extend(parityMatchers);
 * ```
 * @public
 */
export const parityMatchers = {
  toBeObservationallyEquivalent,
  toConformWithinEnvelope,
  toProjectTo,
  toMatchHeapCorpus,
};

/**
 * Types of the parity matchers; `R` is Vitest's assertion return type.
 * @example
 * ```ts
 * expect(coopResult).toBeObservationallyEquivalent(refResult, { profile: 'ModuloCommutativity' });
 * expect(threadedResult).toConformWithinEnvelope(coopResult, { sessionOrder: true });
 * expect(globalType).toProjectTo('B', localType, { merge: true });
 * expect(heap).toMatchHeapCorpus('corpus.json#scenario');
 * ```
 * @public
 */
export interface ParityMatchers<R = unknown> extends HeapCorpusMatchers<R> {
  /** bridge.md §9.3: `other` may be a trace, a run output or an engine result of any lane. */
  toBeObservationallyEquivalent(other: RunLike, options?: EquivalenceOptions): R;
  /** bridge.md §11: the received (threaded) result against the cooperative baseline. */
  toConformWithinEnvelope(
    baseline: EnvelopeInput | LaneResult,
    options?: Pick<EnvelopeOptions, 'sessionOrder' | 'deviations' | 'onExpired'>,
  ): R;
  /** projection.md: the received global type projects on `role` to `local`. */
  toProjectTo(role: string, local: LocalType, options?: ProjectToOptions): R;
}

declare module 'vitest' {
  // Vitest declares `Matchers<T = any>`; the augmentation must repeat that exact parameter list.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any -- the augmentation must repeat Vitest's own declaration
  interface Matchers<T = any> extends ParityMatchers<T> {}
}
