import type { ThreadedOptions } from '../threaded/runThreaded.js';
import type { Lane } from './Lane.js';
import { resolveMaxOutputBytes } from './bridgeDefaults.js';
import { checkRunRequest } from './checkRunRequest.js';

/** Options of {@link threadedLane}: those of `runThreaded` (machine.md §11). @public */
export type ThreadedLaneOptions = ThreadedOptions;

/**
 * The `threaded` lane: our wave-parallel engine in-process, after the client-side checks.
 * @example
 * ```ts
 * const r = await threadedLane({ mode: 'wave_parallel_extension' }).run(request);
 * ```
 * @public
 */
export function threadedLane(options: ThreadedLaneOptions = {}): Lane {
  return {
    name: 'threaded',
    available: async () => ({ ok: true }),
    run: async (request) => {
      const checked = checkRunRequest(request);
      if (!checked.ok) return checked;
      // Loaded on first use: the threaded engine brings a worker pool the other lanes never need.
      const { runThreaded } = await import('../threaded/runThreaded.js');
      return runThreaded(checked.value, { ...options, maxOutputBytes: resolveMaxOutputBytes(options.maxOutputBytes) });
    },
  };
}
