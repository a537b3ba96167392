import { resolveParityOptions, type ResolvedParityOptions } from './options.js';
import { getResolvedOptions } from './_internals/state.js';

/**
 * The resolved plugin options inside a test (what `inject('telltaleParity')` returns). Without the
 * plugin, the defaults resolved against the current directory and environment.
 * @example
 * ```ts
 * import { parityOptions } from 'telltale-parity/vitest';
 * fc.assert(property, { numRuns: parityOptions().numRuns });
 * ```
 * @public
 */
export function parityOptions(): ResolvedParityOptions {
  return getResolvedOptions() ?? resolveParityOptions();
}
