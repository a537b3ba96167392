/**
 * The cooperative protocol machine (machine.md): values, instructions, compiler, code images,
 * the machine core (driven by the cooperative and threaded engines) and the bridge-form trace.
 */

export { runCooperative, driveCooperative, checkSchedule } from './runCooperative.js';
export type { CooperativeOptions } from './runCooperative.js';
export { Machine } from './Machine.js';
export type { MachineOptions } from './Machine.js';
export type {
  StepOutcome,
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
} from './views.js';
export { machineFromRunRequest, checkRunRequest } from './loadRunRequest.js';
export type { RunRequestHeader } from './loadRunRequest.js';
export { loadCodeImage } from './loadCodeImage.js';
export type { LoadedImage } from './loadCodeImage.js';
export { compileLocalType, relocate, DEFAULT_ACTION } from './compileLocalType.js';
export {
  codeImageFromLocalTypes,
  validateCodeImage,
  encodeCodeImage,
  decodeCodeImage,
  localTypeEquals,
  compareCodePoints,
} from './codeImage.js';
export { defaultMachineConfig, resolveMachineConfig } from './config.js';
export { decodeMachineConfig, encodeMachineConfig } from './configCodec.js';
export { encodeInstruction, decodeInstruction, INSTRUCTION_OPS } from './instructionCodec.js';
export {
  encodeValue,
  decodeValue,
  valTypeOf,
  valTypeEquals,
  valueEquals,
  reprValue,
  reprValType,
  leanQuote,
  UNIT,
} from './values.js';
export type { ValueEncoding } from './values.js';
export { faultTag } from './faults.js';
export { toSessionType, unfold, sessionTypeEquals } from './sessionType.js';
export { toBridgeTrace, toBridgeEvent, eventToJson } from './toBridgeTrace.js';
export { renderLocalType } from '../projection/renderLocalType.js';
export type {
  Nat,
  Endpoint,
  Edge,
  Value,
  ProgressToken,
  SessionType,
  SessionBranch,
  Fault,
  BlockReason,
  CoroStatus,
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
} from '../types/machine.js';
export { bridgeOutput } from './bridgeOutput.js';
