/** The content-addressed heap (heap.md): explicit named exports only. */
export { contentHash, contentHashHex } from './contentHash.js';
export {
  HEAP_ENCODING_VERSION,
  HeapTag,
  canonicalBytes,
  heapCommitmentPreimage,
  merkleNodePreimage,
  nullifierLeafPreimage,
  resourceIdPreimage,
  resourceLeafPreimage,
} from './canonicalBytes.js';
export { compareResourceIds, deriveResourceId, formatResourceId, resourceIdKey, sameResourceId } from './resourceId.js';
export { EMPTY_MERKLE_ROOT_HEX, MerkleTree } from './MerkleTree.js';
export type { RawProofStep } from './MerkleTree.js';
export { foldProof, verifyInclusion } from './verifyInclusion.js';
export { Heap } from './Heap.js';
export { decodeResource, resourceIdToJson, resourceToJson } from './decodeResource.js';
export {
  applyHeapOp,
  decodeHeapScenario,
  describeHeapOp,
  heapAfterJson,
  heapFinalJson,
  heapOpToJson,
  replayHeapCorpus,
} from './replayHeapCorpus.js';
export type { HeapCorpusScenario, HeapReplayMismatch } from './replayHeapCorpus.js';
export { checkHeapVectors, parseHeapJson } from './checkHeapVectors.js';
export type { HeapCheckGroup, HeapCheckReport, HeapVectorSchema } from './checkHeapVectors.js';
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
} from '../types/heap.js';
export {
  HEAP_PARITY_RUNNER_DEFAULTS,
  HeapParityRunner,
  checkLeanHeapParity,
  parseLeanHeapParityOutput,
  runLeanHeapLane,
} from './HeapParityRunner.js';
export type { HeapLaneResult, HeapParityRunnerOptions, LeanHeapParityOutput } from './HeapParityRunner.js';
export type { JsonMismatch as HeapFieldMismatch } from './_internals/diffJson.js';
