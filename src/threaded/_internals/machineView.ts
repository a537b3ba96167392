import type { Machine } from '../../machine/Machine.js';
import type { WaveCoroutine, WavePlanningState } from '../waveCertificate.js';

/**
 * The planner's view of a live machine (machine.md §11.3). Footprints are cached per coroutine and
 * re-read only when its owned endpoints change (Close, Open).
 */
export class MachineView {
  private readonly cache = new Map<number, { key: string; view: WaveCoroutine }>();
  constructor(
    private readonly m: Machine,
    readonly lanes: number,
    readonly widening: boolean,
  ) {}

  coroutine(cid: number): WaveCoroutine | undefined {
    const c = this.m.coroutines[cid];
    if (c === undefined) return undefined;
    let key = '';
    for (const e of c.owned) key += `${e.sid}\u0001${e.role}\u0002`;
    let hit = this.cache.get(cid);
    if (hit === undefined || hit.key !== key) {
      hit = { key, view: { runnable: true, session: c.owned[0]?.sid ?? null, footprint: this.m.footprint(cid) } };
      this.cache.set(cid, hit);
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
