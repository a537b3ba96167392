import type { Machine } from '../../machine/Machine.js';
import type { WaveCoroutine, WavePlanningState } from '../waveCertificate.js';
import type { FastPlanner, PlannerData } from './fastPlanner.js';

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
      hit = {
        len: c.owned.length,
        first: c.owned[0],
        view: { runnable: true, session: c.owned[0]?.sid ?? null, footprint: this.m.footprint(cid) },
      };
      this.cache[cid] = hit;
    }
    const runnable = this.m.isRunnable(cid);
    return runnable ? hit.view : { ...hit.view, runnable };
  }

  /**
   * Integer planning data for {@link FastPlanner}, refreshed for the ids of the ready queue
   * (the only ones a plan can contain). `sessionScoped` when every one of them owns endpoints of
   * its primary session only: the planner then decides by lane and session (its fast path).
   */
  data(planner: FastPlanner): PlannerData {
    const m = this.m;
    const total = m.coroutines.length;
    if (this.session.length < total) {
      const grown = new Int32Array(Math.max(total, 2 * this.session.length)).fill(-1);
      grown.set(this.session);
      this.session = grown;
    }
    let scoped = true;
    for (const cid of m.readyQueue) {
      const c = m.coroutines[cid];
      if (c === undefined) continue;
      let k = this.keys[cid];
      if (k === undefined || k.len !== c.owned.length || k.first !== c.owned[0]) {
        const sid = c.owned[0]?.sid ?? -1;
        k = { len: c.owned.length, first: c.owned[0], scoped: c.owned.every((ep) => ep.sid === sid) };
        this.keys[cid] = k;
        this.session[cid] = sid;
        this.fps[cid] = planner.intern(m.footprint(cid));
      }
      if (!k.scoped) scoped = false;
    }
    return { session: this.session, footprint: this.fps, runnable: this.runnable, sessionScoped: scoped };
  }

  private session = new Int32Array(0);
  private readonly fps: (number[] | undefined)[] = [];
  private readonly keys: ({ len: number; first: object | undefined; scoped: boolean } | undefined)[] = [];
  private readonly runnable = (cid: number): boolean => this.m.isRunnable(cid);

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
