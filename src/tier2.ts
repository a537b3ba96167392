/**
 * The Tier 2 bridge surfaces of the package root (issue #17; spec/bridge.md Tier 2): the artifact
 * types and their constant lists, the codecs of each artifact family, Rust machine traces, the
 * semantic-surface comparison and `validate`. `src/index.ts` re-exports this list whole; it lives
 * apart because it is one concept and as long as the rest of the root together.
 * @example
 * ```ts
 * import { validate, decodeProtocolBundle } from 'telltale-parity';
 * ```
 */
export type { U64, I64, JsonValue, JsonNumberText, ArtifactFamily, ArtifactErrorCode } from './types/artifact.js';
export {
  OPERATION_PHASES,
  OUTSTANDING_EFFECT_STATUSES,
  AUTHORITATIVE_READ_KINDS,
  AUTHORITATIVE_READ_LIFECYCLES,
  CANONICAL_HANDLE_KINDS,
  PUBLICATION_OBSERVER_CLASSES,
  PUBLICATION_STATUSES,
  PROGRESS_STATES,
  OPERATION_VISIBILITIES,
  AGREEMENT_LEVELS,
  AGREEMENT_EVIDENCE_KINDS,
  FINALIZATION_OUTCOMES,
  DELEGATION_STATUSES,
} from './types/semanticObjects.js';
export type {
  SemanticObjects,
  OperationInstance,
  OutstandingEffect,
  SemanticHandoff,
  TransformationObligation,
  AuthoritativeRead,
  ObservedRead,
  MaterializationProof,
  CanonicalHandle,
  PublicationEvent,
  PrestateBinding,
  AgreementProfile,
  AgreementContract,
  AgreementEvidence,
  AgreementState,
  Region,
  ProgressContract,
  ProgressTransition,
  OperationPhase,
  OutstandingEffectStatus,
  AuthoritativeReadKind,
  AuthoritativeReadLifecycle,
  CanonicalHandleKind,
  PublicationObserverClass,
  PublicationStatus,
  ProgressState,
  OperationVisibility,
  AgreementLevel,
  AgreementRule,
  AgreementEvidenceKind,
  FinalizationOutcome,
  OwnershipScope,
  DelegationStatus,
} from './types/semanticObjects.js';
export {
  EFFECT_AUTHORITY_CLASSES,
  EFFECT_SEMANTIC_CLASSES,
  EFFECT_AGREEMENT_USES,
  EFFECT_REGION_SCOPES,
  EFFECT_ADMISSIBILITIES,
  EFFECT_TOTALITIES,
  EFFECT_REENTRANCY_POLICIES,
  EFFECT_HANDLER_DOMAINS,
  EFFECT_FAILURE_KINDS,
} from './types/effectExchange.js';
export type {
  EffectExchangeRecord,
  EffectRequest,
  EffectInterfaceMetadata,
  EffectOutcome,
  EffectOutcomeStatus,
  EffectFailure,
  EffectFailureKind,
  EffectAuthorityClass,
  EffectSemanticClass,
  EffectAgreementUse,
  EffectRegionScope,
  EffectAdmissibility,
  EffectTotality,
  EffectTimeoutPolicy,
  EffectRetryShape,
  EffectReentrancyPolicy,
  EffectHandlerDomain,
} from './types/effectExchange.js';
export type { EffectTraceEntry, TopologyPerturbationEvent, TopologyPerturbationKind } from './types/effectTrace.js';
export type { OutputConditionEntry } from './types/outputConditionTrace.js';
export type { ReplayBundle, NormalizedEvent } from './types/replayBundle.js';
export { DISTRIBUTED_CLAIMS_DEFAULT, CLASSICAL_CLAIMS_DEFAULT } from './types/protocolBundle.js';
export type {
  ProtocolBundle,
  InvariantClaims,
  LivenessConfig,
  DistributedClaims,
  ClassicalClaims,
  EnabledConfig,
  FLPConfig,
  CAPConfig,
  QuorumGeometryConfig,
  PartialSynchronyConfig,
  ResponsivenessConfig,
  NakamotoConfig,
  ReconfigurationConfig,
  AtomicBroadcastConfig,
  MaxWeightConfig,
  MeanFieldConfig,
  MixingConfig,
  SchedulerKind,
  FaultModel,
  TimingModel,
  ConsistencyLevel,
  AvailabilityLevel,
  PartitionModel,
  QuorumSystemKind,
} from './types/protocolBundle.js';
export type { SimRunInput, SimRunOutput } from './types/simRun.js';
export { RUST_OBS_EVENT_VARIANTS } from './types/rustTrace.js';
export type {
  RustObsEvent,
  RustFault,
  RustEdge,
  RustEndpoint,
  RustValType,
  RustSessionTerminalReason,
  RustOwnershipTerminalReason,
} from './types/rustTrace.js';
export { decodeSemanticObjects, encodeSemanticObjects } from './bridge/codecs/semanticObjects.js';
export { decodeEffectExchange, decodeEffectExchanges, encodeEffectExchange } from './bridge/codecs/effectExchange.js';
export { decodeEffectTrace, encodeEffectTrace } from './bridge/codecs/effectTrace.js';
export { decodeOutputConditionTrace, encodeOutputConditionTrace } from './bridge/codecs/outputConditionTrace.js';
export { decodeReplayBundle, encodeReplayBundle } from './bridge/codecs/replayBundle.js';
export {
  decodeProtocolBundle,
  decodeInvariantClaims,
  encodeProtocolBundle,
  encodeInvariantClaims,
  PROTOCOL_BUNDLE_VERSION,
} from './bridge/codecs/protocolBundle.js';
export {
  decodeSimRunInput,
  decodeSimRunOutput,
  encodeSimRunInput,
  encodeSimRunOutput,
} from './bridge/codecs/simRun.js';
export { decodeRustTrace, encodeRustTrace } from './bridge/codecs/rustTrace.js';
export {
  decodeArtifact,
  encodeArtifact,
  parseArtifactJson,
  stringifyArtifact,
  isCodecFamily,
  CODEC_FAMILIES,
} from './bridge/codecs/artifact.js';
export type { ArtifactTypes, ArtifactDecoding, CodecFamily } from './bridge/codecs/artifact.js';
export { fromRustTrace, rustFaultToFault, isRustTrace } from './trace/fromRustTrace.js';
export { SEMANTIC_SURFACES, stringifySemanticDivergence } from './trace/compareSemanticSurfaces.js';
export { validate, detectFamily, ARTIFACT_FAMILIES } from './trace/validate.js';
export type { SemanticComparison, SemanticDivergence, SemanticSurface } from './trace/compareSemanticSurfaces.js';
export type { ValidateOptions, ValidationReport } from './trace/validate.js';
