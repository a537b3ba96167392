/**
 * `telltale-parity/vitest`: the Vitest plugin, the lanes and the Lean-gated test helpers.
 * Importing this entry also brings the `Matchers` augmentation (through the `ParityMatchers` type),
 * so `expect(x).toBeObservationallyEquivalent(y)` is typed wherever vitest.config.ts is type-checked.
 */
export { telltaleParity } from './telltaleParity.js';
export { resolveParityOptions, kParityDefaults } from './options.js';
export type { TelltaleParityOptions, ResolvedParityOptions } from './options.js';
export { parityOptions } from './parityOptions.js';
export { checkParityStartup } from './checkParityStartup.js';
export { lanes } from './lanes.js';
export type { ParityLanes } from './lanes.js';
export { leanTest, describeLean } from './leanTest.js';
export type { Lane, LaneAvailability } from '../bridge/Lane.js';
// Re-exporting a type keeps the import in dist/src/plugin/index.d.ts, so the Matchers augmentation
// of matchers/index.ts is visible to every project that imports the plugin.
export type { ParityMatchers } from '../../matchers/index.js';
export { corpusTests } from './corpusTests.js';
export type { CorpusTestsOptions } from './corpusTests.js';
