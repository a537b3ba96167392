/**
 * The central state of wave rounds (machine.md §11.2–11.6), replicated in every participant of a
 * wave-parallel run: clock, step count, ready queue, every coroutine's status, the planner's
 * per-coroutine data. Every participant plans each round from it, so the plans agree without
 * being sent; after a round, every participant settles it from the same shared codes and
 * wake-ups. Only `Machine` replicas (one per participant) hold session state.
 */
import type { Machine } from '../../machine/Machine.js';
import { CentralMirror, ST_READY } from './execCodes.js';
import { FastPlanner } from './fastPlanner.js';
import type { PlannerData } from './fastPlanner.js';

export class WaveRounds {
  readonly planner: FastPlanner;
  readonly mirror: CentralMirror;
  readonly data: PlannerData;
  /** `primarySession` per coroutine (-1 once it owns no endpoint). */
  readonly session: Int32Array;
  /** Footprint atoms per coroutine (the certificate records print them). */
  readonly footprints: string[][];
  private readonly interned: number[][];
  /** Participant that executes each coroutine's steps: the owner of its session at load. */
  readonly ownerOf: Int32Array;

  clock: number;
  stepCount: number;
  // The ready queue in two buffers (this round's, the next one's): a round allocates nothing.
  // The queue holds no duplicates (§7.1), so `total` entries always suffice.
  queue: Int32Array;
  qlen = 0;
  private nextQueue: Int32Array;
  private readonly wakes: Int32Array;
  private nwakes = 0;
  private readonly planned: Uint8Array;
  private readonly fallback = { flat: new Int32Array(1), waveEnd: new Int32Array([1]) };

  /** This round's plan: ids in wave order in `flat[0, count)`, wave `w` ending before `waveEnd[w]`. */
  flat: Int32Array = new Int32Array(0);
  waveEnd: Int32Array = new Int32Array(0);
  waves = 0;
  count = 0;

  /** Reads `m` as loaded (before it becomes a replica); `ownerOfSession` places the sessions. */
  constructor(m: Machine, lanes: number, widening: boolean, ownerOfSession: (sid: number) => number) {
    const total = m.coroutines.length;
    this.planner = new FastPlanner(lanes, widening);
    this.mirror = new CentralMirror(total, m.readyQueue);
    this.session = new Int32Array(total);
    this.footprints = [];
    this.interned = [];
    this.ownerOf = new Int32Array(total);
    let maxSession = 0;
    let sessionScoped = true;
    for (let cid = 0; cid < total; cid++) {
      const sid = m.primarySession(cid) ?? -1;
      this.session[cid] = sid;
      this.ownerOf[cid] = ownerOfSession(sid);
      if (sid > maxSession) maxSession = sid;
      // Atoms are (endpoint session, role): scoped when every owned endpoint is in the primary session.
      if (m.coroutines[cid]?.owned.some((ep) => ep.sid !== sid) === true) sessionScoped = false;
      const fp = m.footprint(cid);
      this.footprints.push(fp);
      this.interned.push(this.planner.intern(fp));
    }
    this.data = {
      session: this.session,
      footprint: this.interned,
      runnable: (c) => this.mirror.isReady(c),
      ready: this.mirror.status,
      sessionScoped,
    };
    // No Spawn or Open on this path: ids, sessions and atoms are all known now.
    this.planner.reserve(total, maxSession + 1);
    this.queue = new Int32Array(total);
    for (const cid of m.readyQueue) this.queue[this.qlen++] = cid;
    this.nextQueue = new Int32Array(total);
    this.wakes = new Int32Array(total);
    this.planned = new Uint8Array(total);
    this.clock = m.clock;
    this.stepCount = m.stepCount;
  }

  /** Starts a round: the clock ticks, last round's receivers wake (§7.2) and join the queue. */
  beginRound(): void {
    this.clock += 1;
    const { mirror, wakes, queue } = this;
    for (let i = 0; i < this.nwakes; i++) {
      const cid = wakes[i] ?? 0;
      mirror.status[cid] = ST_READY;
      if (mirror.inQueue[cid] === 0) {
        mirror.inQueue[cid] = 1;
        queue[this.qlen++] = cid;
      }
    }
    this.nwakes = 0;
  }

  /**
   * Plans the round within `budget` steps (§11.3): waves, or with `fallback` one canonical step,
   * the first runnable id of the queue (§7.5, §11.6). Returns the number of members (0: no
   * runnable coroutine, the run is over).
   */
  plan(budget: number, fallback: boolean): number {
    if (fallback) {
      let first = -1;
      for (let i = 0; i < this.qlen && first < 0; i++)
        if (this.mirror.isReady(this.queue[i] ?? -1)) first = this.queue[i] ?? -1;
      this.fallback.flat[0] = first;
      this.flat = this.fallback.flat;
      this.waveEnd = this.fallback.waveEnd;
      this.waves = first < 0 ? 0 : 1;
    } else {
      const p = this.planner.planFlat(this.queue, this.qlen, this.data, budget);
      this.flat = p.flat;
      this.waveEnd = p.waveEnd;
      this.waves = p.waves;
    }
    this.count = this.waves === 0 ? 0 : (this.waveEnd[this.waves - 1] ?? 0);
    return this.count;
  }

  /** Checks 2–4 of this round's plan (§11.4). */
  check(): boolean {
    return this.planner.checkFlat(this.flat, this.waveEnd, this.waves, this.queue, this.qlen, this.data);
  }

  /** Writes every member as `(cid, plan position)` pairs into `out` (a solo round); returns how many. */
  allMembers(out: Int32Array): number {
    for (let pos = 0; pos < this.count; pos++) {
      out[2 * pos] = this.flat[pos] ?? 0;
      out[2 * pos + 1] = pos;
    }
    return this.count;
  }

  /** Writes participant `self`'s members as `(cid, plan position)` pairs into `out`; returns how many. */
  membersOf(self: number, out: Int32Array): number {
    let n = 0;
    for (let pos = 0; pos < this.count; pos++) {
      const cid = this.flat[pos] ?? 0;
      if (this.ownerOf[cid] !== self) continue;
      out[2 * n] = cid;
      out[2 * n + 1] = pos;
      n += 1;
    }
    return n;
  }

  /**
   * Settles the round from its members' codes by plan position (§7.4 per step, in execution
   * order): unplanned ids keep their order, then every member by its code. Returns -1, or the id
   * of a coroutine whose code the mirror cannot follow.
   */
  settle(codes: Int32Array): number {
    const { flat, count, planned, mirror, queue } = this;
    this.stepCount += count;
    for (let i = 0; i < count; i++) planned[flat[i] ?? 0] = 1;
    const next = this.nextQueue;
    let nlen = 0;
    for (let i = 0; i < this.qlen; i++) {
      const cid = queue[i] ?? 0;
      if (planned[cid] === 0) next[nlen++] = cid;
    }
    for (let i = 0; i < count; i++) {
      const cid = flat[i] ?? 0;
      planned[cid] = 0;
      const word = codes[i] ?? -1;
      // A coroutine that owns no endpoint any more (it closed its last one) has no footprint.
      if (word >> 8 === 0 && (this.footprints[cid]?.length ?? 0) > 0) {
        this.footprints[cid] = [];
        this.session[cid] = -1;
        this.interned[cid] = [];
      }
      mirror.inQueue[cid] = 0;
      const requeue = mirror.settleCode(cid, word & 0xff);
      if (requeue === null) return cid;
      if (requeue) {
        mirror.inQueue[cid] = 1;
        next[nlen++] = cid;
      }
    }
    this.nextQueue = queue;
    this.queue = next;
    this.qlen = nlen;
    return -1;
  }

  /**
   * Collects the round's wake-ups, each participant's list ascending: the next round wakes all
   * of them in ascending order (§7.2). Two lists (two threads) are merged; more are sorted.
   */
  collectWakes(lists: readonly Int32Array[]): void {
    const out = this.wakes;
    const [first, second] = lists;
    if (lists.length === 2 && first !== undefined && second !== undefined) {
      this.nwakes = mergeAscending(first, second, out);
      return;
    }
    let n = 0;
    for (const wk of lists) {
      const k = wk[0] ?? 0;
      for (let i = 1; i <= k; i++) out[n++] = wk[i] ?? 0;
    }
    if (lists.length > 1 && n > 1) out.subarray(0, n).sort();
    this.nwakes = n;
  }

  allTerminal(): boolean {
    return this.mirror.allTerminal();
  }
}

/**
 * Merges two ascending lists `[count, id...]` into `out`; returns how many ids it wrote. A round's
 * sort of the wake-ups cost about four times the merge, on every thread's critical path.
 */
function mergeAscending(a: Int32Array, b: Int32Array, out: Int32Array): number {
  const na = a[0] ?? 0;
  const nb = b[0] ?? 0;
  let i = 1;
  let j = 1;
  let n = 0;
  while (i <= na && j <= nb) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x <= y) {
      out[n++] = x;
      i += 1;
    } else {
      out[n++] = y;
      j += 1;
    }
  }
  while (i <= na) out[n++] = a[i++] ?? 0;
  while (j <= nb) out[n++] = b[j++] ?? 0;
  return n;
}
