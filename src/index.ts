/**
 * `telltale-parity`: the library entry. Every public name is listed explicitly, file by file, in the
 * import direction of docs/architecture.md (types → projection → machine → engines → trace →
 * corpus/fuzz). Engine internals that tests and tools reach for are in `telltale-parity/internals`
 * (src/internals.ts), without a stability promise.
 * @packageDocumentation
 */

import { toolVersion } from './version.js';

// types
export { ok, err } from './types/result.js';
export type { Result } from './types/result.js';
export { TelltaleError } from './types/errors.js';
export type { BridgeError } from './types/errors.js';
export { SCHEMA_VERSION, tier2Defaults } from './types/bridge.js';
export type {
  RunRequest,
  ChoreographyRequest,
  RunOutput,
  RunResult,
  RunDiagnostics,
  BridgeEvent,
  StepState,
  StateSlice,
  CoroutineSlice,
  SessionSlice,
  SchedulerSlice,
  SessionStatusEntry,
  FailureVisible,
} from './types/bridge.js';
export type {
  Sort,
  Label,
  ValType,
  GlobalType,
  GlobalBranch,
  LocalType,
  LocalBranch,
  AsyncSubtypeError,
  MergeError,
  MergeErrorKind,
  ProjectionError,
  ProjectionRejected,
  WellFormednessError,
} from './types/session.js';

// projection
export { decodeGlobal, decodeGlobalValue } from './projection/decodeGlobal.js';
export type { StrictDecodeOptions } from './projection/decodeGlobal.js';
export { decodeLocal, decodeLocalValue } from './projection/decodeLocal.js';
export { decodeGlobalLean, decodeGlobalLeanText } from './projection/decodeGlobalLean.js';
export { decodeLocalLean, decodeLocalLeanText } from './projection/decodeLocalLean.js';
export { encodeGlobal } from './projection/encodeGlobal.js';
export { encodeLocal } from './projection/encodeLocal.js';
export { isWellFormed, wellFormednessParts, uniqueBranchLabels } from './projection/isWellFormed.js';
export type { WellFormednessParts } from './projection/isWellFormed.js';
export { validateGlobal, formatWellFormednessErrors } from './projection/validateGlobal.js';
export { roles } from './projection/roles.js';
export { rolesSorted, compareCodePoints } from './projection/rolesSorted.js';
export { freeVars } from './projection/freeVars.js';
export { dual, isDual } from './projection/dual.js';
export { guarded } from './projection/guarded.js';
export { localEqual } from './projection/localEqual.js';
export { projectCore } from './projection/projectCore.js';
export { checkProjection } from './projection/checkProjection.js';
export { projectChecked } from './projection/projectChecked.js';
export { project } from './projection/project.js';
export { projectAll } from './projection/projectAll.js';
export type { ProjectAllError } from './projection/projectAll.js';
export { merge, mergeAll } from './projection/merge.js';
export { asyncSubtype } from './projection/asyncSubtype.js';

// machine (cooperative engine)
export { runCooperative, driveCooperative } from './machine/runCooperative.js';
export type { CooperativeOptions } from './machine/runCooperative.js';
export { Machine } from './machine/Machine.js';
export type { MachineOptions, StepOutcome } from './machine/Machine.js';
export { machineFromRunRequest } from './machine/loadRunRequest.js';
export type { RunRequestHeader } from './machine/loadRunRequest.js';
export { loadCodeImage } from './machine/loadCodeImage.js';
export type { LoadedImage } from './machine/loadCodeImage.js';
export { compileLocalType } from './machine/compileLocalType.js';
export { codeImageFromLocalTypes, validateCodeImage, encodeCodeImage, decodeCodeImage } from './machine/codeImage.js';
export { kMachineConfigDefaults, resolveMachineConfig } from './machine/config.js';
export { decodeMachineConfig, encodeMachineConfig } from './machine/configCodec.js';
export { encodeInstruction, decodeInstruction } from './machine/instructionCodec.js';
export { encodeValue, decodeValue } from './machine/values.js';
export type { ValueEncoding } from './machine/values.js';
export { faultTag } from './machine/faults.js';
export { unfold } from './machine/sessionType.js';
export { toBridgeTrace, toBridgeEvent, eventToJson } from './machine/toBridgeTrace.js';
export { bridgeOutput } from './machine/bridgeOutput.js';

// types
export type {
  Nat,
  Value,
  Fault,
  ExecStatus,
  MachineEvent,
  Instruction,
  InstructionOp,
  BackpressurePolicy,
  BufferConfig,
  SchedPolicy,
  MachineConfig,
  CodeImageMetadata,
  Program,
  CodeImage,
} from './types/machine.js';

// threaded engine
export { runThreaded } from './threaded/runThreaded.js';
export { kThreadedDefaults } from './threaded/resolveThreadedOptions.js';
export type { ThreadedOptions } from './threaded/runThreaded.js';
export { createThreadedPool } from './threaded/createThreadedPool.js';
export type { ThreadedPool, ThreadedPoolOptions } from './threaded/createThreadedPool.js';
export { planWaves } from './threaded/planWaves.js';
export { checkWaveCertificate } from './threaded/checkWaveCertificate.js';
export { footprintAtom, laneOf, certificateRecordState } from './threaded/waveCertificate.js';
export type {
  WaveCoroutine,
  WavePlanningState,
  WaveCertificate,
  CertificateRecord,
  CertificateViolation,
} from './threaded/waveCertificate.js';
export type { ThreadedDiagnostics, LaneTraceEntry } from './threaded/runThreaded.js';

// reference runner
export { runReference } from './reference/runReference.js';
export type { ReferenceOptions } from './reference/runReference.js';
export { runReferenceOperation } from './reference/runReferenceOperation.js';
export { handleReferenceInput } from './reference/handleReferenceInput.js';
export type { ReferenceAnswer } from './reference/handleReferenceInput.js';
export { serveReference } from './reference/serveReference.js';

// independent image executor and the Tier-2 machine shapes (issue #16)
export { runImageReference } from './reference/imageExecutor.js';
export type {
  ImageReferenceOptions,
  ImageReferenceDiagnostics,
  ImageReferenceResult,
} from './reference/imageExecutor.js';
export { kTier2ConfigDefaults } from './types/machineTier2.js';
export type {
  GuardLayerConfig,
  GuardLayerSpec,
  FlowPredicate,
  FlowPolicy,
  EdgeBufferConfig,
  TopologyFailure,
  TopologyPerturbation,
  ProgressTokenPolicy,
  MachineTier2Config,
  FullMachineConfig,
  KnowledgeFact,
  SessionTerminalReason,
  OwnershipTerminalReason,
  Tier2MachineEvent,
} from './types/machineTier2.js';

// processes
export { spawnProcess } from './process/spawnProcess.js';
export type { SpawnProcessOptions, SpawnProcessOutput } from './process/spawnProcess.js';
export { splitCommand } from './process/splitCommand.js';

// bridge (lanes and runner client)
export { checkRunRequest, checkRunRequestText, checkBeforeSpawn } from './bridge/checkRunRequest.js';
export { loadVerdict, sameLeanText } from './bridge/loadVerdict.js';
export type { LoadVerdict } from './bridge/loadVerdict.js';
export { kBridgeDefaults } from './bridge/bridgeDefaults.js';
export { cooperativeLane } from './bridge/cooperativeLane.js';
export { referenceLane } from './bridge/referenceLane.js';
export { threadedLane } from './bridge/threadedLane.js';
export type { ThreadedLaneOptions } from './bridge/threadedLane.js';
export { processLane } from './bridge/processLane.js';
export type { ProcessLaneOptions } from './bridge/processLane.js';
export { leanLane } from './bridge/leanLane.js';
export type { LeanLaneOptions } from './bridge/leanLane.js';
export { parseLaneSpec, parseLaneCommand } from './bridge/parseLaneSpec.js';
export type { LaneSpec, LaneCommand } from './bridge/parseLaneSpec.js';
export { run } from './bridge/run.js';
export type { LaneName, RunOptions } from './bridge/run.js';
export { isReferenceRunnerCommand } from './bridge/referenceRunnerCommand.js';
export type { Lane, LaneAvailability } from './bridge/Lane.js';

// heap
export { contentHash, contentHashHex } from './heap/contentHash.js';
export {
  canonicalBytes,
  heapCommitmentPreimage,
  merkleNodePreimage,
  nullifierLeafPreimage,
  resourceIdPreimage,
  resourceLeafPreimage,
} from './heap/canonicalBytes.js';
export {
  compareResourceIds,
  deriveResourceId,
  formatResourceId,
  resourceIdKey,
  sameResourceId,
} from './heap/resourceId.js';
export { MerkleTree } from './heap/MerkleTree.js';
export type { RawProofStep } from './heap/MerkleTree.js';
export { foldProof, verifyInclusion } from './heap/verifyInclusion.js';
export { Heap } from './heap/Heap.js';
export { decodeResource, resourceToJson } from './heap/decodeResource.js';
export { applyHeapOp, decodeHeapScenario, heapFinalJson, replayHeapCorpus } from './heap/replayHeapCorpus.js';
export type { HeapCorpusScenario, HeapReplayMismatch } from './heap/replayHeapCorpus.js';
export { checkHeapVectors, parseHeapJson } from './heap/checkHeapVectors.js';
export type { HeapCheckGroup, HeapCheckReport, HeapVectorSchema } from './heap/checkHeapVectors.js';
export {
  kHeapParityRunnerDefaults,
  HeapParityRunner,
  checkLeanHeapParity,
  runLeanHeapLane,
} from './heap/HeapParityRunner.js';
export type { HeapLaneResult, HeapParityRunnerOptions, LeanHeapParityOutput } from './heap/HeapParityRunner.js';

// types
export type {
  HeapCommitment,
  HeapError,
  HeapOp,
  InclusionProof,
  MessagePayload,
  ProofDirection,
  ProofStep,
  Resource,
  ResourceId,
  ResourceKind,
  HeapFieldMismatch,
} from './types/heap.js';

// trace (equivalence, envelope, deviations)
export { normalizeTrace } from './trace/normalizeTrace.js';
export { observationallyEquivalent, kEquivalenceDefaults } from './trace/observationallyEquivalent.js';
export type { EquivalenceOptions, EquivalenceResult, RunLike } from './trace/observationallyEquivalent.js';
export { DETERMINISM_PROFILES } from './trace/determinismProfile.js';
export type { DeterminismProfile } from './trace/determinismProfile.js';
export { judgeEnvelope } from './trace/judgeEnvelope.js';
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
} from './trace/judgeEnvelope.js';
export { checkDeviations, isExpired } from './trace/checkDeviations.js';
export type {
  DeviationCheck,
  DeviationEntry,
  DeviationProblem,
  DeviationProblemCode,
} from './trace/checkDeviations.js';
export { loadDeviations, parseDeviations } from './trace/loadDeviations.js';
export { strictlyEqual } from './trace/strictlyEqual.js';
export type { StrictOptions } from './trace/strictlyEqual.js';
export { decodeEnvelopeDiff } from './trace/decodeEnvelopeDiff.js';
export type { Divergence, DivergenceKind } from './trace/divergence.js';
export type { Waiver } from './trace/Waiver.js';

// corpus
export { mergeCorpora, poolDirOf } from './corpus/mergeCorpora.js';
export type { MergeCorporaResult } from './corpus/mergeCorpora.js';
export { readCorpus } from './corpus/readCorpus.js';
export type { CorpusContents } from './corpus/readCorpus.js';
export { writeCorpusEntry } from './corpus/writeCorpusEntry.js';
export type { WrittenCorpusEntry } from './corpus/writeCorpusEntry.js';
export { CORPUS_VERSION } from './corpus/types.js';
export type { CorpusEntry, CorpusFailure, CorpusFileProblem, CorpusSwarm, LoadedCorpusEntry } from './corpus/types.js';

// fuzz
export { listProperties } from './fuzz/listProperties.js';
export { minimizeCorpus } from './fuzz/minimizeCorpus.js';
export type { MinimizeReport } from './fuzz/minimizeCorpus.js';
export { replayCorpus } from './fuzz/replayCorpus.js';
export type { ReplayedEntry, ReplayOptions, ReplayReport } from './fuzz/replayCorpus.js';
export { runCampaign } from './fuzz/runCampaign.js';
export { resolveCampaignOptions } from './fuzz/resolveCampaignOptions.js';
export type { ResolvedCampaignOptions } from './fuzz/resolveCampaignOptions.js';
export { kCampaignDefaults } from './fuzz/campaignDefaults.js';
export { failed, passed } from './fuzz/verdicts.js';
export type {
  CooperativeFuzzOptions,
  Implementations,
  ProjectionFailure,
  ThreadedFuzzOptions,
} from './fuzz/implementations.js';
export type {
  AnyFuzzProperty,
  CampaignOptions,
  CampaignProgress,
  CampaignReport,
  Counterexample,
  FuzzLane,
  FuzzProperty,
  PropertyContext,
  PropertyReport,
  PropertyVerdict,
  CaseObservation,
  SwarmConfiguration,
  SwarmConstruct,
} from './fuzz/types.js';
export { formatStatistics } from './fuzz/formatStatistics.js';

// Reliability (issue #12): verified corpus files, minimize options, skipping a property that cannot
// run, the worker cap.
export { readCorpusFile } from './corpus/readCorpusFile.js';
export { parseRunRequestText } from './bridge/checkRunRequest.js';
export { STALE_TEMP_MS } from './corpus/types.js';
export type { CorpusTempFile } from './corpus/types.js';
export type { ReplacedCorpusFile } from './corpus/writeCorpusEntry.js';
export type { MinimizeOptions, RestoredCorpusFile } from './fuzz/minimizeCorpus.js';
export { PropertySkipped } from './fuzz/verdicts.js';
export { maxWorkers } from './fuzz/campaignDefaults.js';

// Tier 2 bridge surfaces (issue #17): artifact types and codecs, semantic-surface comparison,
// Rust machine traces, validate.
export * from './tier2.js';

/** The package version. @example `import { VERSION } from 'telltale-parity'` @public */
export const VERSION: string = toolVersion();
