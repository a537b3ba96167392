/**
 * Worker setup file registered by `telltaleParity()`: runs in every test worker before each test
 * file. It registers the matchers, applies the plugin options (matcher defaults, fast-check
 * `numRuns`/`seed`) and makes them available to `lanes` and `parityOptions()`.
 */
import fc from 'fast-check';
import { expect, inject } from 'vitest';
import { parityMatchers } from '../../matchers/index.js';
import { setMatcherDefaults } from '../../matchers/matcherDefaults.js';
import { setResolvedOptions } from './_internals/state.js';

expect.extend(parityMatchers);

const options = inject('telltaleParity');
if (options !== undefined) {
  setResolvedOptions(options);
  setMatcherDefaults({
    profile: options.profile,
    ticks: options.ticks,
    deviations: options.deviations,
    onExpired: options.onExpired,
  });
  fc.configureGlobal({
    ...fc.readConfigureGlobal(),
    numRuns: options.numRuns,
    ...(options.seed === null ? {} : { seed: options.seed }),
  });
}
