/**
 * Which chunks a campaign hands out next, and to which worker. Without a worker to serve (one
 * worker, or a time budget) chunks go round-robin over the properties, so a time budget spreads
 * over all of them. Under a `runs` budget on several workers, each worker keeps to the properties
 * it has started (it "owns" them): a property's code is then compiled and optimized by one
 * worker's V8 isolate rather than by every one, and each isolate sees fewer shapes. A worker whose
 * properties have no chunks left takes the next property nobody owns, and once every property is
 * owned it helps with the others' chunks, so no worker idles while chunks are left. On the 2-core
 * bench box, with workers that compile on their own threads (compileOnWorkerThreads.ts), 2-worker
 * `--runs 2000` campaigns got 5.6–7.8 % faster (13 of 14 alternating runs). Which chunks run and
 * their seeds never depend on this: only the order in which they run.
 */
import type { PropertyState } from './propertyState.js';
import type { ChunkTask } from './runChunk.js';
import { chunkSeed } from './seeds.js';
import type { PropertySteering } from './steering.js';

/** Consecutive chunks of one property, for one pool task. */
export interface ChunkBatch {
  readonly state: PropertyState;
  readonly batch: ChunkTask[];
}

/** What the dispatcher needs from the campaign. */
export interface ChunkDispatchOptions {
  /** The properties that run (not skipped at set-up), in the campaign's order. */
  readonly active: readonly PropertyState[];
  readonly seed: string;
  /** Cases per property (`null`: a time budget). */
  readonly runs: number | null;
  readonly chunkSize: number;
  /** Whether chunk `k` belongs to this process's shard. */
  readonly inShard: (chunk: number) => boolean;
  readonly steer: (id: string) => PropertySteering | undefined;
  /** True once no chunk may start any more (deadline passed, or the campaign was stopped). */
  readonly closed: () => boolean;
}

/**
 * Hands out the chunks of a campaign (see the module comment).
 * @example `const d = new ChunkDispatch(opts); const next = d.next(() => 4, 0);`
 */
export class ChunkDispatch {
  private cursor = 0;
  private readonly owner = new Map<PropertyState, number>();
  private readonly chunksPerProperty: number;

  constructor(private readonly o: ChunkDispatchOptions) {
    this.chunksPerProperty = o.runs === null ? Number.POSITIVE_INFINITY : Math.ceil(o.runs / o.chunkSize);
  }

  /** In-shard chunks of `state` not handed out yet (infinite under a time budget). */
  chunksLeft(state: PropertyState): number {
    if (!Number.isFinite(this.chunksPerProperty)) return Number.POSITIVE_INFINITY;
    let left = 0;
    for (let chunk = state.nextChunk; chunk < this.chunksPerProperty; chunk += 1) if (this.o.inShard(chunk)) left += 1;
    return left;
  }

  /**
   * Up to `limitFor(state)` consecutive in-shard chunks of the next property: for `worker` (its
   * own properties first, under a `runs` budget), or round-robin when `worker` is `null`. `null`
   * when no chunk is left or none may start.
   */
  next(limitFor: (state: PropertyState) => number, worker: number | null = null): ChunkBatch | null {
    if (this.o.closed()) return null;
    const { active } = this.o;
    const n = active.length;
    const affine = worker !== null && this.o.runs !== null;
    if (affine) {
      for (const state of active)
        if (this.owner.get(state) === worker) {
          const batch = this.take(state, limitFor(state));
          if (batch.length > 0) return { state, batch };
        }
    }
    // Round-robin from the cursor: unowned properties first for a worker, then anyone's.
    for (const pass of affine ? ['unowned', 'any'] : ['any']) {
      for (let tries = 0; tries < n; tries += 1) {
        const at = (this.cursor + tries) % n;
        const state = active[at];
        if (state === undefined || (pass === 'unowned' && this.owner.has(state))) continue;
        const batch = this.take(state, limitFor(state));
        if (batch.length === 0) continue;
        if (affine && pass === 'unowned') this.owner.set(state, worker);
        this.cursor = (at + 1) % n;
        return { state, batch };
      }
    }
    return null;
  }

  // Up to `limit` consecutive in-shard chunks of `state`, counted in flight; none once it failed or ran out.
  private take(state: PropertyState, limit: number): ChunkTask[] {
    const { runs, chunkSize, seed } = this.o;
    const batch: ChunkTask[] = [];
    while (batch.length < limit && state.failedAt === null && state.skipped === null) {
      while (state.nextChunk < this.chunksPerProperty && !this.o.inShard(state.nextChunk)) state.nextChunk += 1;
      if (state.nextChunk >= this.chunksPerProperty) {
        state.exhausted = true;
        break;
      }
      const chunk = state.nextChunk;
      state.nextChunk += 1;
      const numRuns = runs === null ? chunkSize : Math.min(chunkSize, runs - chunk * chunkSize);
      const chunkFastCheckSeed = chunkSeed(seed, state.property.id, chunk);
      const config = this.o.steer(state.property.id)?.configFor(chunk, chunkFastCheckSeed) ?? null;
      batch.push({ property: state.property.id, chunk, seed: chunkFastCheckSeed, numRuns, swarm: config });
    }
    state.inFlight += batch.length;
    return batch;
  }
}
