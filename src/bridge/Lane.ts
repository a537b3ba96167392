/** The lane abstraction (bridge.md §0, §7): one way of running a run request. */
import type { RunResult } from '../types/bridge.js';
import type { BridgeError } from '../types/errors.js';
import type { Result } from '../types/result.js';

/** Whether a lane can run here; `reason` says why not (e.g. no Lean runner configured). @public */
export type LaneAvailability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * A lane: in-process engines (`cooperative`, `threaded`, `reference`) and external runners (`lean`,
 * `--lane NAME=CMD`) behind one interface. `run` applies the client-side checks of bridge.md §5.3
 * first, so every lane answers a bad request with the same {@link BridgeError}.
 * @example
 * ```ts
 * const lane = referenceLane();
 * if ((await lane.available()).ok) {
 *   const r = await lane.run(request);
 *   await lane.close?.();
 * }
 * ```
 * @public
 */
export interface Lane {
  readonly name: string;
  available(): Promise<LaneAvailability>;
  run(request: unknown): Promise<Result<RunResult, BridgeError>>;
  /** Stops what the lane started (a `--serve` process); safe to call twice. */
  close?(): Promise<void>;
}
