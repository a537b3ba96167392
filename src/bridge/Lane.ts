/** The lane abstraction (bridge.md §0, §7): one way of running a run request. */
import type { RunResult } from '../types/bridge.js';
import type { BridgeError } from '../types/errors.js';
import type { Result } from '../types/result.js';

/**
 * Whether a lane can run here; `reason` says why not. Without `error` the lane is merely absent (no
 * Lean runner configured: skipped). With `error` it was configured but cannot start — `BinaryNotFound`,
 * or `ProcessFailed` (exit code −1) when the command exists but cannot be executed — a set-up problem:
 * `run()` answers that error, the fuzzer skips the property with the reason, the CLI exits 2.
 * @example `{ ok: false, reason: 'no such runner', error: { code: 'BinaryNotFound', path: '$', binary: '/x', message: '…' } }`
 * @public
 */
export type LaneAvailability =
  { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly error?: BridgeError };

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
  /** Whether the lane can run here; a process lane checks that its command resolves and starts. */
  available(): Promise<LaneAvailability>;
  run(request: unknown): Promise<Result<RunResult, BridgeError>>;
  /** Stops what the lane started (a `--serve` process); safe to call twice. */
  close?(): Promise<void>;
}
