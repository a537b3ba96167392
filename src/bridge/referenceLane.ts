import { runReference, type ReferenceOptions } from '../reference/runReference.js';
import { resolveMaxOutputBytes } from './bridgeDefaults.js';
import type { Lane } from './Lane.js';
import { checkRunRequest } from './checkRunRequest.js';

/**
 * The `reference` lane in-process: `telltale-lean-ref`'s run mode without a process
 * (bridge.md §15). For the spawned runner use `processLane('reference', 'telltale-lean-ref')`.
 * @example
 * ```ts
 * const r = await referenceLane().run(request); // r.value.output is the bridge form; diagnostics null
 * ```
 * @public
 */
export function referenceLane(options: ReferenceOptions = {}): Lane {
  return {
    name: 'reference',
    // telltale-lean-ref's texts are the Lean runner's (bridge.md §1).
    leanTexts: true,
    available: async () => ({ ok: true }),
    run: async (request) => {
      const checked = checkRunRequest(request);
      return checked.ok
        ? runReference(checked.value, { ...options, maxOutputBytes: resolveMaxOutputBytes(options.maxOutputBytes) })
        : checked;
    },
  };
}
