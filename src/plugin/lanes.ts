import type { Lane } from '../bridge/Lane.js';
import type { ThreadedLaneOptions } from '../bridge/threadedLane.js';
import { parityOptions } from './parityOptions.js';

// Each lane's module (and through it its engine) loads on first use, so importing the plugin entry in
// vitest.config.ts stays cheap and the config process never loads engine code.
function lazyLane(name: string, make: () => Promise<Lane>): Lane {
  let lane: Promise<Lane> | undefined;
  const get = (): Promise<Lane> => (lane ??= make());
  return {
    name,
    available: async () => (await get()).available(),
    run: async (request) => {
      const result = await (await get()).run(request);
      // Named, so that a divergence between two results says `reference`, not `right`.
      return result.ok ? { ok: true, value: { ...result.value, lane: result.value.lane ?? name } } : result;
    },
    close: async () => {
      if (lane !== undefined) await (await lane).close?.();
    },
  };
}

/**
 * The lanes offered to tests by `telltale-parity/vitest` (bridge.md §0, §7).
 * @public
 */
export interface ParityLanes {
  /** Our cooperative engine, in-process. */
  readonly cooperative: Lane;
  /** `telltale-lean-ref`'s logic, in-process. */
  readonly reference: Lane;
  /** Our threaded engine with its defaults (n = the request's `concurrency`). */
  readonly threaded: Lane;
  /**
   * A real Lean runner (plugin option `leanRunner`, env `TELLTALE_LEAN_RUNNER` or telltale's build
   * path), or `undefined` when there is none: use `leanTest` / `describeLean` to skip with the reason.
   */
  readonly lean: Lane | undefined;
  /** The threaded engine with explicit options (`lanes`, `mode`, `workers`, …). */
  threadedWith(options: ThreadedLaneOptions): Lane;
}

const leanLanes = new Map<string, Lane>();

/**
 * The lanes: `lanes.cooperative`, `lanes.threaded`, `lanes.reference`, and `lanes.lean` only when a
 * real Lean runner is configured or found (never replaced by another lane).
 * @example
 * ```ts
 * import { lanes } from 'telltale-parity/vitest';
 * const coop = await lanes.cooperative.run(request);
 * const ref = await lanes.reference.run(request);
 * if (coop.ok && ref.ok) expect(coop.value).toBeObservationallyEquivalent(ref.value);
 * ```
 * @public
 */
export const lanes: ParityLanes = {
  cooperative: lazyLane('cooperative', async () => (await import('../bridge/cooperativeLane.js')).cooperativeLane()),
  reference: lazyLane('reference', async () => (await import('../bridge/referenceLane.js')).referenceLane()),
  threaded: lazyLane('threaded', async () => (await import('../bridge/threadedLane.js')).threadedLane()),
  get lean(): Lane | undefined {
    const command = parityOptions().leanRunner;
    if (command === null) return undefined;
    let lane = leanLanes.get(command);
    if (lane === undefined) {
      lane = lazyLane('lean', async () => (await import('../bridge/leanLane.js')).leanLane({ command }));
      leanLanes.set(command, lane);
    }
    return lane;
  },
  threadedWith: (options) =>
    lazyLane('threaded', async () => (await import('../bridge/threadedLane.js')).threadedLane(options)),
};
