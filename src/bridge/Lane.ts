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
 * `--lane NAME=CMD`) behind one interface. An in-process lane's `run` applies the client-side checks
 * of bridge.md §5.3 first; a process lane checks only what §6.1 lists before spawning (the request's
 * `schema_version`) and answers with what its runner says, so its own verdict on a bad request is
 * what gets compared.
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
  /**
   * `process` when the lane spawns a runner and is judged on the runner's own answers (its
   * `ParseError`s at `$` are about the runner's output). Absent means in-process.
   */
  readonly kind?: 'in-process' | 'process';
  /**
   * The lane's rejections carry the Lean runner's hard-failure texts (bridge.md §1): the `lean` and
   * `reference` lanes, and process lanes configured as Lean-compatible (`--lane NAME=lean:CMD`,
   * `processLane(…, { leanTexts: true })`). Comparisons then check the text too, not only accepted
   * vs rejected.
   */
  readonly leanTexts?: boolean;
  /** Whether the lane can run here; a process lane checks that its command resolves and starts. */
  available(): Promise<LaneAvailability>;
  run(request: unknown): Promise<Result<RunResult, BridgeError>>;
  /** Stops what the lane started (a `--serve` process); safe to call twice. */
  close?(): Promise<void>;
}
