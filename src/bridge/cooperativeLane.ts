import { runCooperative, type CooperativeOptions } from '../machine/runCooperative.js';
import type { Lane } from './Lane.js';
import { resolveMaxOutputBytes } from './bridgeDefaults.js';
import { checkRunRequest } from './checkRunRequest.js';

/**
 * The `cooperative` lane: our cooperative engine in-process (machine.md), after the client-side
 * checks of bridge.md §5.3. Options (a schedule, tracing) are passed to `runCooperative`.
 * @example
 * ```ts
 * const r = await cooperativeLane().run(request);
 * if (r.ok) console.log(r.value.output.status, r.value.diagnostics?.engine);
 * ```
 * @public
 */
export function cooperativeLane(options: CooperativeOptions = {}): Lane {
  return {
    name: 'cooperative',
    available: async () => ({ ok: true }),
    run: async (request) => {
      const checked = checkRunRequest(request);
      // The output limit of every lane (option, else TELLTALE_PARITY_MAX_OUTPUT_BYTES, else 256 MiB).
      return checked.ok
        ? runCooperative(checked.value, { ...options, maxOutputBytes: resolveMaxOutputBytes(options.maxOutputBytes) })
        : checked;
    },
  };
}
