/**
 * `telltale-parity`: the library entry. Every public name is listed explicitly, module by module,
 * in the import direction types → projection → machine → engines → trace → corpus/fuzz.
 * @packageDocumentation
 */

import { toolVersion } from './fuzz/_internals/toolVersion.js';

export { ok, err } from './types/result.js';
export type { Result } from './types/result.js';
export { TelltaleError, pathKey, pathIndex } from './types/errors.js';
export type { BridgeError } from './types/errors.js';
export { SCHEMA_VERSION, SEMANTIC_OBJECTS_VERSION, tier2Defaults } from './types/bridge.js';
export type { RunRequest, ChoreographyRequest, RunOutput, RunResult, RunDiagnostics, BridgeEvent, StepState, StateSlice, CoroutineSlice, SessionSlice, SchedulerSlice, SessionStatusEntry, FailureVisible } from './types/bridge.js';
export type { Sort, Label, ValType, GlobalType, GlobalBranch, LocalType, LocalBranch } from './types/session.js';

// projection
export { decodeGlobal, decodeGlobalValue, decodeLocal, decodeLocalValue, decodeGlobalLean, decodeGlobalLeanText, decodeLocalLean, decodeLocalLeanText, encodeGlobal, encodeLocal, formatJson, isWellFormed, wellFormednessParts, uniqueBranchLabels, validateGlobal, formatWellFormednessErrors, roles, rolesSorted, compareCodePoints, freeVars, dual, isDual, guarded, localEqual, projectCore, checkProjection, projectChecked, project, projectAll, merge, mergeAll, asyncSubtype, DEFAULT_SISO_FUEL } from './projection/index.js';
export type { StrictDecodeOptions, FormatJsonOptions, WellFormednessParts, ProjectAllError, AsyncSubtypeError, MergeError, MergeErrorKind, ProjectionError, ProjectionRejected, WellFormednessError } from './projection/index.js';

// machine
export { runCooperative, driveCooperative, checkSchedule, Machine, Coroutine, SessionRecord, EdgeBuffer, machineFromRunRequest, loadCodeImage, compileLocalType, relocate, DEFAULT_ACTION, codeImageFromLocalTypes, validateCodeImage, encodeCodeImage, decodeCodeImage, localTypeEquals, defaultMachineConfig, resolveMachineConfig, decodeMachineConfig, encodeMachineConfig, encodeInstruction, decodeInstruction, INSTRUCTION_OPS, encodeValue, decodeValue, valTypeOf, valTypeEquals, valueEquals, reprValue, reprValType, leanQuote, UNIT, faultTag, toSessionType, unfold, sessionTypeEquals, toBridgeTrace, toBridgeEvent, eventToJson, bridgeOutput } from './machine/index.js';
export type { CooperativeOptions, MachineOptions, StepOutcome, RunRequestHeader, LoadedImage, ValueEncoding, Nat, Endpoint, Edge, Value, ProgressToken, SessionType, SessionBranch, Fault, BlockReason, CoroStatus, ExecStatus, MachineEvent, Instruction, InstructionOp, BackpressurePolicy, BufferConfig, SchedPolicy, MachineConfig, CodeImageMetadata, Program, CodeImage } from './machine/index.js';

// threaded
export { runThreaded, DEFAULT_THREADED_TIMEOUT_MS, createThreadedPool, planWaves, checkWaveCertificate, footprintAtom, laneOf, certificateRecordState } from './threaded/index.js';
export type { ThreadedOptions, ThreadedPool, ThreadedPoolOptions, WaveCoroutine, WavePlanningState, WaveCertificate, CertificateRecord, CertificateViolation, ThreadedDiagnostics, LaneTraceEntry } from './threaded/index.js';

// reference
export { runReference, runReferenceOperation, REFERENCE_OPERATIONS, handleReferenceInput, serveReference, stringifySorted } from './reference/index.js';
export type { ReferenceOptions, ReferenceAnswer } from './reference/index.js';

// bridge
export { spawnProcess, processFailed, STDERR_TAIL_BYTES, splitCommand, checkRunRequest, checkRunRequestText, LOADER_LIMITS, parseRunOutput, RUN_OUTPUT_KEYS, bridgeDefaults, cooperativeLane, referenceLane, threadedLane, processLane, leanLane, findDefaultLeanRunner, parseLaneSpec, BUILTIN_LANES, run, laneByName, isReferenceRunnerCommand } from './bridge/index.js';
export type { SpawnProcessOptions, SpawnProcessOutput, Lane, LaneAvailability, ThreadedLaneOptions, ProcessLaneOptions, LeanLaneOptions, LaneSpec, LaneName, RunOptions } from './bridge/index.js';

// heap
export { contentHash, contentHashHex, HEAP_ENCODING_VERSION, HeapTag, canonicalBytes, heapCommitmentPreimage, merkleNodePreimage, nullifierLeafPreimage, resourceIdPreimage, resourceLeafPreimage, compareResourceIds, deriveResourceId, formatResourceId, resourceIdKey, sameResourceId, EMPTY_MERKLE_ROOT_HEX, MerkleTree, foldProof, verifyInclusion, Heap, decodeResource, resourceIdToJson, resourceToJson, applyHeapOp, decodeHeapScenario, describeHeapOp, heapAfterJson, heapFinalJson, heapOpToJson, replayHeapCorpus, checkHeapVectors, parseHeapJson, HEAP_PARITY_RUNNER_DEFAULTS, HeapParityRunner, checkLeanHeapParity, parseLeanHeapParityOutput, runLeanHeapLane } from './heap/index.js';
export type { RawProofStep, HeapCorpusScenario, HeapReplayMismatch, HeapCheckGroup, HeapCheckReport, HeapVectorSchema, HeapCommitment, HeapError, HeapOp, InclusionProof, MessagePayload, ProofDirection, ProofStep, Resource, ResourceId, ResourceKind, HeapLaneResult, HeapParityRunnerOptions, LeanHeapParityOutput, HeapFieldMismatch } from './heap/index.js';

// trace
export { eventSession, normalizeTrace, canonicalOrder, describeEvent, observationallyEquivalent, equivalenceDefaults, DETERMINISM_PROFILES, judgeEnvelope, checkDeviations, isExpired, loadDeviations, parseDeviations, strictlyEqual, divergenceContext, decodeEnvelopeDiff } from './trace/index.js';
export type { Divergence, DivergenceKind, EquivalenceOptions, EquivalenceResult, RunLike, DeterminismProfile, Waiver, EnvelopeDiff, EnvelopeGates, EnvelopeInput, EnvelopeJudgement, EnvelopeOptions, LaneResult, SchedulerPermutationClass, EffectOrderingClass, EffectDeterminismTier, DeviationCheck, DeviationEntry, DeviationProblem, DeviationProblemCode, StrictOptions, ContextRow, DivergenceContext } from './trace/index.js';

// corpus
export { canonical, corpusEntryHash, decodeCorpusEntry, encodeCorpusEntry, mergeCorpora, readCorpus, writeCorpusEntry, writeFileAtomic, CORPUS_FORMAT, CORPUS_VERSION } from './corpus/index.js';
export type { MergeCorporaResult, CorpusContents, WrittenCorpusEntry, CorpusEntry, CorpusFailure, CorpusFileProblem, LoadedCorpusEntry } from './corpus/index.js';

// fuzz
export { builtinProperties, defaultImplementations, formatCounterexample, formatReport, listProperties, minimizeCorpus, laneVsCooperative, replayCorpus, runCampaign, kCampaignDefaults, failed, passed } from './fuzz/index.js';
export type { CooperativeFuzzOptions, Implementations, ProjectionFailure, ThreadedFuzzOptions, MinimizeReport, ReplayedEntry, ReplayOptions, ReplayReport, AnyFuzzProperty, CampaignOptions, CampaignProgress, CampaignReport, Counterexample, FuzzLane, FuzzProperty, PropertyContext, PropertyReport, PropertyVerdict } from './fuzz/index.js';

/** The package version. @example `import { VERSION } from 'telltale-parity'` @public */
export const VERSION: string = toolVersion();
