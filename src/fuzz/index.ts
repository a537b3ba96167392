/**
 * Fuzz campaigns: properties, the campaign runner (workers, shards, budgets), reports, replay.
 */
export { builtinProperties } from './builtinProperties.js';
export {
  defaultImplementations,
  type CooperativeFuzzOptions,
  type Implementations,
  type ProjectionFailure,
  type ThreadedFuzzOptions,
} from './implementations.js';
export { formatCounterexample } from './formatCounterexample.js';
export { formatReport } from './formatReport.js';
export { listProperties } from './listProperties.js';
export {
  minimizeCorpus,
  type MinimizeOptions,
  type MinimizeReport,
  type RestoredCorpusFile,
} from './minimizeCorpus.js';
export { laneVsCooperative } from './properties/laneVsCooperative.js';
export { replayCorpus, type ReplayedEntry, type ReplayOptions, type ReplayReport } from './replayCorpus.js';
export { runCampaign } from './runCampaign.js';
export { kCampaignDefaults } from './campaignDefaults.js';
export { failed, passed, PropertySkipped } from './verdicts.js';
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
} from './types.js';
