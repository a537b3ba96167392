/** The `lean_bridge.v1` client: lanes, spawned runners, request checks and strict output parsing. */
export {
  spawnProcess,
  processFailed,
  STDERR_TAIL_BYTES,
  type SpawnProcessOptions,
  type SpawnProcessOutput,
} from './spawnProcess.js';
export { splitCommand } from './splitCommand.js';
export { checkRunRequest, checkRunRequestText, LOADER_LIMITS } from './checkRunRequest.js';
export { parseRunOutput, RUN_OUTPUT_KEYS } from './parseRunOutput.js';
export type { Lane, LaneAvailability } from './Lane.js';
export { bridgeDefaults } from './bridgeDefaults.js';
export { cooperativeLane } from './cooperativeLane.js';
export { referenceLane } from './referenceLane.js';
export { threadedLane, type ThreadedLaneOptions } from './threadedLane.js';
export { processLane, type ProcessLaneOptions } from './processLane.js';
export { leanLane, findDefaultLeanRunner, type LeanLaneOptions } from './leanLane.js';
export { parseLaneSpec, BUILTIN_LANES, type LaneSpec } from './parseLaneSpec.js';
export { run, laneByName, type LaneName, type RunOptions } from './run.js';
export { isReferenceRunnerCommand } from './referenceRunnerCommand.js';
