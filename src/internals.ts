/**
 * `telltale-parity/internals`: engine internals for tools, benches and power tests — the machine's
 * record classes and value helpers, wire constants, the corpus codec, the fuzzer's built-in property
 * registry. No stability promise: names here may change in any release. The public API is the
 * package root (src/index.ts).
 * @packageDocumentation
 */

// types
export { pathKey, pathIndex } from './types/errors.js';
export { SEMANTIC_OBJECTS_VERSION } from './types/bridge.js';

// projection
export { formatJson } from './projection/formatJson.js';
export type { FormatJsonOptions } from './projection/formatJson.js';
export { DEFAULT_SISO_FUEL } from './projection/asyncSubtype.js';

// machine (cooperative engine)
export { checkSchedule } from './machine/runCooperative.js';
export type {
  MachineMark,
  RoundResults,
  CoroutineView,
  SessionView,
  SessionPhase,
  EdgeBufferView,
  BufferedValueView,
  ProgramView,
  BlockedView,
  FaultRecord,
} from './machine/views.js';
export { relocate, DEFAULT_ACTION } from './machine/compileLocalType.js';
export { localTypeEquals } from './machine/codeImage.js';
export { INSTRUCTION_OPS } from './machine/instructionCodec.js';
export { valTypeOf, valTypeEquals, valueEquals, reprValue, reprValType, leanQuote, UNIT } from './machine/values.js';
export { toSessionType, sessionTypeEquals } from './machine/sessionType.js';

// types
export type {
  Endpoint,
  Edge,
  ProgressToken,
  SessionType,
  SessionBranch,
  BlockReason,
  CoroStatus,
} from './types/machine.js';

// reference runner
export { REFERENCE_OPERATIONS, REFERENCE_EXTENSION_OPERATIONS } from './reference/runReferenceOperation.js';
export { stringifySorted } from './reference/stringifySorted.js';

// processes
export { processFailed, STDERR_TAIL_BYTES } from './process/spawnProcess.js';

// bridge (lanes and runner client)
export { LOADER_LIMITS } from './bridge/checkRunRequest.js';
export { parseRunOutput, RUN_OUTPUT_KEYS } from './bridge/parseRunOutput.js';
export { findDefaultLeanRunner } from './bridge/leanLane.js';
export { BUILTIN_LANES } from './bridge/parseLaneSpec.js';
export { laneByName } from './bridge/run.js';

// heap
export { HEAP_ENCODING_VERSION, HeapTag } from './heap/canonicalBytes.js';
export { EMPTY_MERKLE_ROOT_HEX } from './heap/MerkleTree.js';
export { resourceIdToJson } from './heap/decodeResource.js';
export { describeHeapOp, heapAfterJson, heapOpToJson } from './heap/replayHeapCorpus.js';
export { parseLeanHeapParityOutput } from './heap/HeapParityRunner.js';

// trace (equivalence, envelope, deviations)
export { eventSession } from './trace/eventSession.js';
export { canonicalOrder } from './trace/canonicalOrder.js';
export { describeEvent } from './trace/divergence.js';
export { divergenceContext } from './trace/divergenceContext.js';
export type { ContextRow, DivergenceContext } from './trace/divergenceContext.js';

// corpus
export { canonical } from './corpus/canonical.js';
export { corpusEntryHash, decodeCorpusEntry, encodeCorpusEntry } from './corpus/encodeCorpusEntry.js';
export { corpusEntryFile, writeFileAtomic } from './corpus/writeCorpusEntry.js';
export { CORPUS_FORMAT, CORPUS_READABLE_VERSIONS } from './corpus/types.js';
export { dirWriteProblem, fileWriteProblem } from './corpus/writeProblem.js';

// fuzz
export { builtinProperties } from './fuzz/builtinProperties.js';
export { defaultImplementations } from './fuzz/implementations.js';
export { formatCounterexample } from './fuzz/formatCounterexample.js';
export { formatReport } from './fuzz/formatReport.js';
export { laneVsCooperative } from './fuzz/properties/laneVsCooperative.js';
