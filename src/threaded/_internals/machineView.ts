import type { Machine } from '../../machine/Machine.js';
import type { WaveCoroutine, WavePlanningState } from '../waveCertificate.js';

/**
 * The planner's view of a live machine (machine.md §11.3). Footprints are cached per coroutine and
 * re-read only when its owned endpoints change (Close, Open).
 */
export class MachineView {
  private readonly cache: ({ len: number; first: object | undefined; view: WaveCoroutine } | undefined)[] = [];
  constructor(
    private readonly m: Machine,
    readonly lanes: number,
    readonly widening: boolean,
  ) {}

  coroutine(cid: number): WaveCoroutine | undefined {
    const c = this.m.coroutines[cid];
    if (c === undefined) return undefined;
    // Owned endpoints change only by Close (removes) and Open (prepends): length and head identify them.
    let hit = this.cache[cid];
    if (hit === undefined || hit.len !== c.owned.length || hit.first !== c.owned[0]) {
      hit = { len: c.owned.length, first: c.owned[0], view: { runnable: true, session: c.owned[0]?.sid ?? null, footprint: this.m.footprint(cid) } };
      this.cache[cid] = hit;
    }
    const runnable = this.m.isRunnable(cid);
    return runnable ? hit.view : { ...hit.view, runnable };
  }

  state(): WavePlanningState {
    return {
      readyQueue: this.m.readyQueue,
      stepCount: this.m.stepCount,
      lanes: this.lanes,
      widening: this.widening,
      coroutine: (cid) => this.coroutine(cid),
    };
  }
}
