/**
 * `telltale-parity/arbitraries`: fast-check arbitraries for session types, programs, code images,
 * schedules, run requests and heap operations. One export line per arbitrary file.
 */
export {};
export { heapOpsArb, heapResourceArb, type HeapOpsConstraints } from './heapOps.js';
export { sortArb, SORT_DEFAULTS, type SortConstraints } from './sort.js';
export { globalTypeArb, GLOBAL_TYPE_DEFAULTS, type GlobalTypeConstraints } from './globalType.js';
export { localTypeArb, LOCAL_TYPE_DEFAULTS, type LocalTypeConstraints } from './localType.js';
export {
  instructionArb,
  instructionArbDefaults,
  ALL_OPS,
  TIER1_OPS,
  type InstructionConstraints,
} from './instruction.js';
export { programArb, programArbDefaults, type ProgramConstraints } from './program.js';
export {
  codeImageArb,
  codeImageCaseArb,
  codeImageArbDefaults,
  CODE_IMAGE_VIOLATIONS,
  type CodeImageCase,
  type CodeImageConstraints,
  type CodeImageExpectation,
  type CodeImageViolation,
  type CodeImageBytecode,
} from './codeImage.js';
export { machineConfigArb, machineConfigArbDefaults, type MachineConfigConstraints } from './machineConfig.js';
export {
  imageRunCaseArb,
  imageRunCaseArbDefaults,
  prefixRoles,
  typeMessages,
  TIER2_FEATURES,
  type ImageRunCase,
  type ImageRunCaseConstraints,
  type Tier2Feature,
} from './imageRunCase.js';
export { scheduleArb, scheduleArbDefaults, type ScheduleConstraints } from './schedule.js';
export {
  runRequestArb,
  runRequestCaseArb,
  runRequestArbDefaults,
  RUN_REQUEST_REJECTIONS,
  type RunRequestCase,
  type RunRequestConstraints,
  type RunRequestExpectation,
  type RunRequestRejection,
} from './runRequest.js';
export { semanticObjectsArb, type SemanticObjectsConstraints } from './semanticObjects.js';
export { effectExchangeArb } from './effectExchange.js';
export { replayBundleArb, type ReplayBundleConstraints } from './replayBundle.js';
export { protocolBundleArb, type ProtocolBundleConstraints } from './protocolBundle.js';
export { rustEventArb } from './rustEvent.js';
export { simRunInputArb, simRunOutputArb, type SimRunConstraints } from './simRun.js';
