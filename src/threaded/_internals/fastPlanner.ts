/**
 * The engine's own planner and certificate check on integer data: the same plan as `planWaves`
 * and the same verdict as `checkWaveCertificate` (both property-tested against them), but a
 * compatibility test costs O(footprint) instead of O(wave × footprint²) and allocates nothing per
 * coroutine. Wave rounds are short; this is their per-round critical path.
 */
import { planTwoLanes } from './twoLanePlan.js';
import { wavesOf } from './wavesOf.js';

/** Per-coroutine planning data, indexed by coroutine id. */
export interface PlannerData {
  /** `owned_endpoints[0].sid`, or -1 when the coroutine owns no endpoint. */
  readonly session: Int32Array;
  /** Interned footprint atoms. */
  readonly footprint: readonly (readonly number[] | undefined)[];
  readonly runnable: (cid: number) => boolean;
  /**
   * The same answer as `runnable` as a status array (runnable where the entry is 0): read directly
   * instead of through a call per queued id, on the wave rounds' critical path.
   */
  readonly ready?: Uint8Array;
  /**
   * Every footprint atom of every coroutine lies in that coroutine's `session`. Without widening,
   * members of a wave are then in distinct sessions, so their footprints are disjoint and the
   * footprint test cannot fail: the planner and the engine's check skip it.
   */
  readonly sessionScoped?: boolean;
}

/** Lane counts up to which lane-and-session plans use one list per lane (`planByLane`). */
const kLaneListsUpTo = 8;

export class FastPlanner {
  private laneStamp: Int32Array;
  private sessionStamp = new Int32Array(64);
  private atomStamp = new Int32Array(64);
  private idStamp = new Int32Array(64);
  private queueStamp = new Int32Array(64);
  private stamp = 0;
  private readonly atoms = new Map<string, number>();

  readonly lanes: number;

  constructor(
    lanes: number,
    readonly widening: boolean,
  ) {
    this.lanes = Math.max(1, lanes);
    this.laneStamp = new Int32Array(this.lanes);
  }

  /** Interns footprint atom keys (any stable strings) as small integers. */
  intern(keys: readonly string[]): number[] {
    // Pushes, not `map` (which can answer a holey array): the check reads these every round, and
    // one elements kind for all of them keeps that read monomorphic.
    const ids: number[] = [];
    for (const k of keys) {
      let id = this.atoms.get(k);
      if (id === undefined) {
        id = this.atoms.size;
        this.atoms.set(k, id);
      }
      ids.push(id);
    }
    return ids;
  }

  private next(): number {
    this.stamp += 1;
    if (this.stamp === 0x7fffffff) {
      this.stamp = 1;
      this.laneStamp.fill(0);
      this.sessionStamp.fill(0);
      this.atomStamp.fill(0);
      this.idStamp.fill(0);
      this.queueStamp.fill(0);
    }
    return this.stamp;
  }

  /** Set by {@link reserve}: ids, sessions and atoms are within the stamp arrays for the whole run. */
  private reserved = false;

  /**
   * Sizes the stamp arrays once for ids below `ids` and sessions below `sessions`, with every atom
   * already interned; plans and checks then skip the per-call sizing pass. Only for callers whose
   * ids, sessions and atoms cannot grow (worker-thread wave rounds: no Spawn, no Open).
   */
  reserve(ids: number, sessions: number): void {
    this.idStamp = fit(this.idStamp, ids);
    this.queueStamp = fit(this.queueStamp, ids);
    this.sessionStamp = fit(this.sessionStamp, sessions);
    this.atomStamp = fit(this.atomStamp, this.atoms.size);
    this.reserved = true;
  }

  /** Sizes the stamp arrays for every id the coming plan or check can touch (the queue's). */
  private ensureQueue(queue: ArrayLike<number>, qlen: number, d: PlannerData): void {
    if (this.reserved) return;
    let maxId = 0;
    let maxSession = 0;
    for (let i = 0; i < qlen; i++) {
      const cid = queue[i] ?? 0;
      if (cid > maxId) maxId = cid;
      const s = d.session[cid] ?? -1;
      if (s > maxSession) maxSession = s;
    }
    this.idStamp = fit(this.idStamp, maxId + 1);
    this.queueStamp = fit(this.queueStamp, maxId + 1);
    this.sessionStamp = fit(this.sessionStamp, maxSession + 1);
    this.atomStamp = fit(this.atomStamp, this.atoms.size);
  }

  private fits(cid: number, d: PlannerData, s: number): boolean {
    // lane(cid) = cid mod n (laneOf), inline: this runs for every candidate of every wave.
    if (this.laneStamp[cid % this.lanes] === s) return false;
    const sess = d.session[cid] ?? -1;
    if (!this.widening && sess >= 0 && this.sessionStamp[sess] === s) return false;
    const fp = d.footprint[cid];
    if (fp !== undefined) {
      const atoms = this.atomStamp;
      for (let i = 0; i < fp.length; i++) if (atoms[fp[i] ?? 0] === s) return false;
    }
    return true;
  }

  /** Lane and session alone decide (`sessionScoped`, no widening): takes both if free in wave `s`. */
  private claim(cid: number, session: Int32Array, s: number): boolean {
    const lane = cid % this.lanes;
    const sess = session[cid] ?? -1;
    if (this.laneStamp[lane] === s || (sess >= 0 && this.sessionStamp[sess] === s)) return false;
    this.laneStamp[lane] = s;
    if (sess >= 0) this.sessionStamp[sess] = s;
    return true;
  }

  private take(cid: number, d: PlannerData, s: number): void {
    this.laneStamp[cid % this.lanes] = s;
    const sess = d.session[cid] ?? -1;
    if (sess >= 0) this.sessionStamp[sess] = s;
    const fp = d.footprint[cid];
    if (fp !== undefined) {
      const atoms = this.atomStamp;
      for (let i = 0; i < fp.length; i++) atoms[fp[i] ?? 0] = s;
    }
  }

  /** `planWaves(state, budget).waves` for the state described by `queue` and `d`. */
  plan(queue: readonly number[], d: PlannerData, budget: number): number[][] {
    return wavesOf(this.planFlat(queue, queue.length, d, budget));
  }

  // Buffers of planFlat, reused from round to round (a round allocates nothing).
  private bufRemaining = new Int32Array(64);
  private bufNext = new Int32Array(65);
  private bufFlat = new Int32Array(64);
  private bufWaveEnd = new Int32Array(64);
  private bufPerLane = new Int32Array(8);

  /**
   * {@link plan} without allocating: the plan's ids in wave order in `flat[0, planned)`, wave `w`
   * ending before `waveEnd[w]`. The arrays are the planner's own, valid until its next call.
   */
  planFlat(
    queue: ArrayLike<number>,
    qlen: number,
    d: PlannerData,
    budget: number,
  ): { readonly flat: Int32Array; readonly waveEnd: Int32Array; readonly planned: number; readonly waves: number } {
    const lanes = Math.max(1, this.lanes);
    this.ensureQueue(queue, qlen, d);
    if (this.bufRemaining.length < qlen) {
      this.bufRemaining = new Int32Array(2 * qlen);
      this.bufNext = new Int32Array(2 * qlen + 1);
      this.bufFlat = new Int32Array(2 * qlen);
      this.bufWaveEnd = new Int32Array(2 * qlen);
    }
    const remaining = this.bufRemaining;
    const next = this.bufNext;
    const flat = this.bufFlat;
    const waveEnd = this.bufWaveEnd;
    const ready = d.ready;
    let count = 0;
    for (let i = 0; i < qlen; i++) {
      const cid = queue[i] ?? -1;
      if (ready !== undefined ? ready[cid] === 0 : d.runnable(cid)) remaining[count++] = cid;
    }
    // Without widening and with session-scoped footprints, lane and session decide alone.
    const bySession = !this.widening && d.sessionScoped === true;
    if (bySession && lanes <= kLaneListsUpTo) return this.planByLane(count, lanes, d.session, budget, qlen);
    const perLane = this.bufPerLane.length >= lanes ? this.bufPerLane : (this.bufPerLane = new Int32Array(lanes));
    perLane.fill(0, 0, lanes);
    for (let i = 0; i < count; i++) {
      const l = (remaining[i] ?? 0) % lanes;
      perLane[l] = (perLane[l] ?? 0) + 1;
    }
    for (let i = 0; i < count; i++) next[i] = i + 1 < count ? i + 1 : -1;
    // `remaining` as a linked list over positions: admitted ids are unlinked, deferred ones keep
    // their order; a wave stops scanning once it holds one id of every lane that still has
    // candidates (nothing else can join), so a round whose ids crowd one lane stays linear.
    const HEAD = count;
    next[HEAD] = count > 0 ? 0 : -1;
    const session = d.session;
    let left = count;
    let planned = 0;
    let waves = 0;
    for (let iter = 0; iter < qlen && left > 0 && planned < budget; iter++) {
      const s = this.next();
      const begin = planned;
      let open = 0;
      for (let l = 0; l < lanes; l++) if ((perLane[l] ?? 0) > 0) open += 1;
      let prev = HEAD;
      // Positions index `remaining` and `next` (count entries, plus HEAD).
      let pos = next[HEAD] ?? -1;
      while (pos !== -1 && planned - begin < open && planned < budget) {
        const cid = remaining[pos] ?? -1;
        let admit: boolean;
        if (bySession) admit = this.claim(cid, session, s);
        else {
          admit = this.fits(cid, d, s);
          if (admit) this.take(cid, d, s);
        }
        if (admit) {
          flat[planned++] = cid;
          perLane[cid % lanes] = (perLane[cid % lanes] ?? 1) - 1;
          next[prev] = next[pos] ?? -1;
          left -= 1;
        } else prev = pos;
        pos = next[prev] ?? -1;
      }
      if (planned === begin) break;
      waveEnd[waves++] = planned;
    }
    return { flat, waveEnd, planned, waves };
  }

  // Buffers of planByLane.
  private bufLaneHead = new Int32Array(kLaneListsUpTo);
  private bufLaneCur = new Int32Array(kLaneListsUpTo);
  private bufLanePrev = new Int32Array(kLaneListsUpTo);
  private bufLaneNext = new Int32Array(64);

  /**
   * {@link planFlat} when lane and session alone decide (few lanes): one list per lane of the
   * runnable ids in queue order. The next member of a wave is the earliest id, over the lanes
   * still free, whose session is not yet in the wave (constraints only grow within a wave, so
   * this is the id the queue-order scan would admit next); each lane's walk skips only ids of the
   * wave's own sessions. Same plan, without rescanning the ids deferred by every wave.
   */
  private planByLane(
    count: number,
    lanes: number,
    session: Int32Array,
    budget: number,
    qlen: number,
  ): { readonly flat: Int32Array; readonly waveEnd: Int32Array; readonly planned: number; readonly waves: number } {
    const remaining = this.bufRemaining;
    const flat = this.bufFlat;
    const waveEnd = this.bufWaveEnd;
    if (this.bufLaneNext.length < count) this.bufLaneNext = new Int32Array(2 * count);
    const lnext = this.bufLaneNext;
    if (lanes === 2) {
      const two = planTwoLanes(remaining, count, session, budget, { lnext, flat, waveEnd });
      return { flat, waveEnd, planned: two.planned, waves: two.waves };
    }
    const head = this.bufLaneHead;
    const cur = this.bufLaneCur;
    const prv = this.bufLanePrev;
    // Tails while building (cur doubles as the tail array here).
    head.fill(-1, 0, lanes);
    cur.fill(-1, 0, lanes);
    for (let pos = 0; pos < count; pos++) {
      const l = (remaining[pos] ?? 0) % lanes;
      const tail = cur[l] ?? -1;
      if (tail < 0) head[l] = pos;
      else lnext[tail] = pos;
      cur[l] = pos;
      lnext[pos] = -1;
    }
    const laneStamp = this.laneStamp;
    const sessionStamp = this.sessionStamp;
    let left = count;
    let planned = 0;
    let waves = 0;
    for (let iter = 0; iter < qlen && left > 0 && planned < budget; iter++) {
      const s = this.next();
      const begin = planned;
      for (let l = 0; l < lanes; l++) {
        cur[l] = head[l] ?? -1;
        prv[l] = -1;
      }
      while (planned - begin < lanes && planned < budget) {
        let best = -1;
        let bestLane = -1;
        for (let l = 0; l < lanes; l++) {
          if (laneStamp[l] === s) continue;
          let p = cur[l] ?? -1;
          let q = prv[l] ?? -1;
          while (p !== -1) {
            const sess = session[remaining[p] ?? 0] ?? -1;
            if (sess < 0 || sessionStamp[sess] !== s) break;
            q = p;
            p = lnext[p] ?? -1;
          }
          cur[l] = p;
          prv[l] = q;
          if (p !== -1 && (best === -1 || p < best)) {
            best = p;
            bestLane = l;
          }
        }
        if (best === -1) break;
        const cid = remaining[best] ?? 0;
        flat[planned++] = cid;
        laneStamp[bestLane] = s;
        const sess = session[cid] ?? -1;
        if (sess >= 0) sessionStamp[sess] = s;
        const before = prv[bestLane] ?? -1;
        if (before < 0) head[bestLane] = lnext[best] ?? -1;
        else lnext[before] = lnext[best] ?? -1;
        left -= 1;
      }
      if (planned === begin) break;
      waveEnd[waves++] = planned;
    }
    return { flat, waveEnd, planned, waves };
  }

  /** `checkWaveCertificate(cert, state).ok` (checks 2–4; the caller handles 1 and 5). */
  check(waves: readonly (readonly number[])[], queue: readonly number[], d: PlannerData): boolean {
    for (const wave of waves)
      for (const cid of wave) if (!Number.isSafeInteger(cid) || cid < 0 || cid >= 0x7fffffff) return false;
    const flat = new Int32Array(waves.reduce((n, w) => n + w.length, 0));
    const waveEnd = new Int32Array(waves.length);
    let at = 0;
    waves.forEach((wave, w) => {
      for (const cid of wave) flat[at++] = cid;
      waveEnd[w] = at;
    });
    return this.checkFlat(flat, waveEnd, waves.length, queue, queue.length, d);
  }

  /** {@link check} of a plan in the shape of {@link planFlat}'s answer. */
  checkFlat(
    flat: Int32Array,
    waveEnd: Int32Array,
    waves: number,
    queue: ArrayLike<number>,
    qlen: number,
    d: PlannerData,
  ): boolean {
    this.ensureQueue(queue, qlen, d);
    const planned = waves === 0 ? 0 : (waveEnd[waves - 1] ?? 0);
    for (let i = 0; i < planned; i++) {
      const cid = flat[i] ?? -1;
      if (cid < 0 || cid >= this.idStamp.length) return false;
    }
    const q = this.next();
    const queueStamp = this.queueStamp;
    for (let i = 0; i < qlen; i++) queueStamp[queue[i] ?? 0] = q;
    const seen = this.next();
    const ready = d.ready;
    // Session-scoped atoms, no widening: distinct sessions have disjoint footprints, so lanes and
    // sessions settle check 4 (the threaded-certificates property re-checks with no such fact).
    const bySession = !this.widening && d.sessionScoped === true;
    let at = 0;
    for (let w = 0; w < waves; w++) {
      const s = this.next();
      const end = waveEnd[w] ?? at;
      for (; at < end; at++) {
        const cid = flat[at] ?? -1;
        if (this.idStamp[cid] === seen) return false;
        this.idStamp[cid] = seen;
        if (queueStamp[cid] !== q || !(ready !== undefined ? ready[cid] === 0 : d.runnable(cid))) return false;
        if (bySession) {
          if (!this.claim(cid, d.session, s)) return false;
          continue;
        }
        if (!this.fits(cid, d, s)) return false;
        this.take(cid, d, s);
      }
    }
    return true;
  }
}

function fit(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (size <= a.length) return a;
  const b = new Int32Array(Math.max(size, 2 * a.length));
  b.set(a);
  return b;
}
