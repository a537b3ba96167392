/**
 * Trace library: bridge-form normalization, observational equivalence, the divergence object,
 * the envelope classifier and the deviation registry (bridge.md §9–11, §14).
 */
export { eventSession } from './eventSession.js';
export { normalizeTrace } from './normalizeTrace.js';
export { canonicalOrder } from './canonicalOrder.js';
export { describeEvent } from './divergence.js';
export type { Divergence, DivergenceKind } from './divergence.js';
export { observationallyEquivalent, equivalenceDefaults } from './observationallyEquivalent.js';
export type { EquivalenceOptions, EquivalenceResult, RunLike } from './observationallyEquivalent.js';
export { DETERMINISM_PROFILES } from './determinismProfile.js';
export type { DeterminismProfile } from './determinismProfile.js';
export type { Waiver } from './Waiver.js';
export { judgeEnvelope } from './judgeEnvelope.js';
export type {
  EnvelopeDiff,
  EnvelopeGates,
  EnvelopeInput,
  EnvelopeJudgement,
  EnvelopeOptions,
  LaneResult,
  SchedulerPermutationClass,
  EffectOrderingClass,
  EffectDeterminismTier,
} from './judgeEnvelope.js';
export { checkDeviations, isExpired } from './checkDeviations.js';
export type { DeviationCheck, DeviationEntry, DeviationProblem, DeviationProblemCode } from './checkDeviations.js';
export { loadDeviations, parseDeviations } from './loadDeviations.js';
export { strictlyEqual } from './strictlyEqual.js';
export type { StrictOptions } from './strictlyEqual.js';
export { toBridgeTrace } from '../machine/toBridgeTrace.js';
export { divergenceContext } from './divergenceContext.js';
export type { ContextRow, DivergenceContext } from './divergenceContext.js';
export { decodeEnvelopeDiff } from './decodeEnvelopeDiff.js';
export { fromRustTrace, rustFaultToFault, isRustTrace } from './fromRustTrace.js';
export { SEMANTIC_SURFACES } from './compareSemanticSurfaces.js';
export type { SemanticComparison, SemanticDivergence, SemanticSurface } from './compareSemanticSurfaces.js';
export { validate, detectFamily, ARTIFACT_FAMILIES } from './validate.js';
export { stringifyArtifact } from '../bridge/codecs/index.js';
export type { ValidateOptions, ValidationReport } from './validate.js';
