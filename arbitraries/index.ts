/**
 * `telltale-parity/arbitraries`: fast-check arbitraries for session types, programs, code images,
 * schedules, run requests and heap operations. One export line per arbitrary file.
 */
export {};
export { heapOpsArb, heapResourceArb, type HeapOpsConstraints } from './heapOps.js';
export { sortArb, kSortDefaults, type SortConstraints } from './sort.js';
export { globalTypeArb, kGlobalTypeDefaults, type GlobalTypeConstraints } from './globalType.js';
export {
  namePoolArb,
  nameClass,
  nameClassOf,
  nameClassesOf,
  NAME_CLASSES,
  type NameClass,
  type NameSpace,
} from './names.js';
export { localTypeArb, kLocalTypeDefaults, type LocalTypeConstraints } from './localType.js';
export {
  instructionArb,
  kInstructionDefaults,
  ALL_OPS,
  TIER1_OPS,
  type InstructionConstraints,
} from './instruction.js';
export { programArb, kProgramDefaults, type ProgramConstraints } from './program.js';
export {
  codeImageArb,
  codeImageCaseArb,
  kCodeImageDefaults,
  CODE_IMAGE_VIOLATIONS,
  type CodeImageCase,
  type CodeImageConstraints,
  type CodeImageExpectation,
  type CodeImageViolation,
  type CodeImageBytecode,
} from './codeImage.js';
export { machineConfigArb, kMachineConfigArbDefaults, type MachineConfigConstraints } from './machineConfig.js';
export {
  imageRunCaseArb,
  kImageRunCaseDefaults,
  prefixRoles,
  typeMessages,
  TIER2_FEATURES,
  type ImageRunCase,
  type ImageRunCaseConstraints,
  type Tier2Feature,
} from './imageRunCase.js';
export { scheduleArb, kScheduleDefaults, type ScheduleConstraints } from './schedule.js';
export {
  runRequestArb,
  runRequestCaseArb,
  kRunRequestDefaults,
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
export { rustEventArb, type RustEventConstraints } from './rustEvent.js';
export { simRunInputArb, simRunOutputArb, type SimRunConstraints } from './simRun.js';
