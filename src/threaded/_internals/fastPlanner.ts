/**
 * The engine's own planner and certificate check on integer data: the same plan as `planWaves`
 * and the same verdict as `checkWaveCertificate` (both property-tested against them), but a
 * compatibility test costs O(footprint) instead of O(wave × footprint²) and allocates nothing per
 * coroutine. Wave rounds are short; this is their per-round critical path.
 */
import { laneOf } from '../waveCertificate.js';

/** Per-coroutine planning data, indexed by coroutine id. */
export interface PlannerData {
  /** `owned_endpoints[0].sid`, or -1 when the coroutine owns no endpoint. */
  readonly session: Int32Array;
  /** Interned footprint atoms. */
  readonly footprint: readonly (readonly number[] | undefined)[];
  readonly runnable: (cid: number) => boolean;
}

export class FastPlanner {
  private laneStamp: Int32Array;
  private sessionStamp = new Int32Array(64);
  private atomStamp = new Int32Array(64);
  private idStamp = new Int32Array(64);
  private queueStamp = new Int32Array(64);
  private stamp = 0;
  private readonly atoms = new Map<string, number>();

  constructor(
    readonly lanes: number,
    readonly widening: boolean,
  ) {
    this.laneStamp = new Int32Array(Math.max(1, lanes));
  }

  /** Interns footprint atom keys (any stable strings) as small integers. */
  intern(keys: readonly string[]): number[] {
    return keys.map((k) => {
      let id = this.atoms.get(k);
      if (id === undefined) {
        id = this.atoms.size;
        this.atoms.set(k, id);
      }
      return id;
    });
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

  /** Sizes the stamp arrays for every id the coming plan or check can touch. */
  private ensure(ids: readonly number[], d: PlannerData): void {
    let maxId = 0;
    let maxSession = 0;
    for (const cid of ids) {
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
    if (this.laneStamp[laneOf(cid, this.lanes)] === s) return false;
    const sess = d.session[cid] ?? -1;
    if (!this.widening && sess >= 0 && this.sessionStamp[sess] === s) return false;
    const fp = d.footprint[cid];
    if (fp !== undefined) for (const a of fp) if (this.atomStamp[a] === s) return false;
    return true;
  }

  private take(cid: number, d: PlannerData, s: number): void {
    this.laneStamp[laneOf(cid, this.lanes)] = s;
    const sess = d.session[cid] ?? -1;
    if (sess >= 0) this.sessionStamp[sess] = s;
    const fp = d.footprint[cid];
    if (fp !== undefined) for (const a of fp) this.atomStamp[a] = s;
  }

  /** `planWaves(state, budget).waves` for the state described by `queue` and `d`. */
  plan(queue: readonly number[], d: PlannerData, budget: number): number[][] {
    const lanes = Math.max(1, this.lanes);
    this.ensure(queue, d);
    const remaining: number[] = [];
    for (const cid of queue) if (d.runnable(cid)) remaining.push(cid);
    const count = remaining.length;
    const next = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) next[i] = i + 1 < count ? i + 1 : -1;
    const HEAD = count;
    next[HEAD] = count > 0 ? 0 : -1;
    const waves: number[][] = [];
    let left = count;
    let planned = 0;
    for (let iter = 0; iter < queue.length && left > 0 && planned < budget; iter++) {
      const s = this.next();
      const wave: number[] = [];
      let prev = HEAD;
      // Positions index `remaining` and `next` (both of length count, plus HEAD): never undefined.
      let pos = next[HEAD] ?? -1;
      while (pos !== -1 && wave.length < lanes && planned + wave.length < budget) {
        const cid = remaining[pos] ?? -1;
        if (this.fits(cid, d, s)) {
          this.take(cid, d, s);
          wave.push(cid);
          next[prev] = next[pos] ?? -1;
          left -= 1;
        } else prev = pos;
        pos = next[prev] ?? -1;
      }
      if (wave.length === 0) break;
      waves.push(wave);
      planned += wave.length;
    }
    return waves;
  }

  /** `checkWaveCertificate(cert, state).ok` (checks 2–4; the caller handles 1 and 5). */
  check(waves: readonly (readonly number[])[], queue: readonly number[], d: PlannerData): boolean {
    this.ensure(queue, d);
    for (const wave of waves)
      for (const cid of wave) if (!Number.isSafeInteger(cid) || cid < 0 || cid >= this.idStamp.length) return false;
    const q = this.next();
    for (const cid of queue) this.queueStamp[cid] = q;
    const seen = this.next();
    for (const wave of waves) {
      const s = this.next();
      for (const cid of wave) {
        if (this.idStamp[cid] === seen) return false;
        this.idStamp[cid] = seen;
        if (this.queueStamp[cid] !== q || !d.runnable(cid)) return false;
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
