import type { RunResult } from '../types/bridge.js';
import type { BridgeError } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';
import type { Lane } from './Lane.js';
import { cooperativeLane } from './cooperativeLane.js';
import { leanLane } from './leanLane.js';
import { referenceLane } from './referenceLane.js';
import { threadedLane } from './threadedLane.js';

/** Built-in lane names accepted by {@link run}. @public */
export type LaneName = 'cooperative' | 'reference' | 'threaded' | 'lean';

/** Options of {@link run}. @public */
export interface RunOptions {
  /** A lane object or a built-in lane name. @defaultValue 'cooperative' */
  readonly lane?: Lane | LaneName;
}

/**
 * Creates a built-in lane by name (`threaded` with its defaults, `lean` resolved from the
 * environment). @example `laneByName('reference')` @public
 */
export function laneByName(name: LaneName): Lane {
  switch (name) {
    case 'cooperative':
      return cooperativeLane();
    case 'reference':
      return referenceLane();
    case 'threaded':
      return threadedLane();
    case 'lean':
      return leanLane();
  }
}

/**
 * Runs one request on a lane and returns the bridge-form output with the lane's diagnostics (null
 * for external processes). Each lane checks the request itself: the in-process lanes apply the
 * client-side checks of bridge.md §5.3, a process lane (`lean`, `processLane`) only the pre-spawn
 * check of §6.1 and then answers with its runner's own verdict. An unavailable lane
 * (`lean` without a runner) answers `LaneSkipped` with its reason; nothing falls back to another lane.
 * @example
 * ```ts
 * const r = await run(request, { lane: 'reference' });
 * if (r.ok) console.log(r.value.output.trace.length); else console.error(r.error.code, r.error.path);
 * ```
 * @public
 */
export async function run(request: unknown, options: RunOptions = {}): Promise<Result<RunResult, BridgeError>> {
  const lane = typeof options.lane === 'object' ? options.lane : laneByName(options.lane ?? 'cooperative');
  const availability = await lane.available();
  if (!availability.ok) {
    if (typeof options.lane !== 'object') await lane.close?.();
    return err(
      availability.error ?? {
        code: 'LaneSkipped',
        path: '$',
        skipped: availability.reason,
        message: availability.reason,
      },
    );
  }
  try {
    const result = await lane.run(request);
    // Named, so that a divergence between two results says `reference`, not `right`.
    return result.ok ? ok({ ...result.value, lane: result.value.lane ?? lane.name }) : result;
  } finally {
    // A lane created here lives only for this call.
    if (typeof options.lane !== 'object') await lane.close?.();
  }
}
