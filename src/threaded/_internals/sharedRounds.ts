/**
 * The shared memory of a wave-parallel run (machine.md §11.8). Every participant — the calling
 * thread (0) and the pool threads (1…n-1) — plans every round itself from the same replicated
 * state, executes the members of its own sessions, writes their codes and its wake-ups here, and
 * arrives at the round's barrier; after it, everyone reads everyone's results. One exchange per
 * round, and nothing to hand out: a plan never crosses threads.
 *
 * Header (Int32): [0] arrivals (each participant adds 1 per round: round r is complete at
 * r × participants), [1] stop flag, [2] sleepers, then per participant: error flag, attached flag.
 * Then the codes of the round's members by plan position (`code | owned << 8`, codes of
 * `execCodes.ts`), and per participant its wake-ups `count, cid*` — each twice, by round parity:
 * a participant may start round r+1 while another still reads round r.
 *
 * Waiting spins briefly before sleeping on a futex; an arriving participant calls `notify` only
 * when someone sleeps: on short rounds the system call costs more than the steps.
 */

const H_ARRIVED = 0;
const H_STOP = 1;
const H_SLEEPERS = 2;
const H_PARTICIPANTS = 3;
const STRIDE = 2;

/**
 * How long a waiting side busy-waits before sleeping: many typical rounds (tens of microseconds
 * each), so the common exchange needs no system call. Sleeping sooner hurts on an idle machine: a
 * thread woken by a futex tends to be placed on its waker's core, and two threads that take turns
 * sleeping on one core then pay a spin per round (measured: 0.57 ms rounds with a 0.25 ms spin).
 * A busy machine is the contention guard's concern (parallelWaves.ts).
 */
export const SPIN_MS = 2;

export interface SharedLayout {
  /** Participants, the calling thread (index 0) included. */
  readonly workers: number;
  /** Coroutines of the run: the most members a round can have. */
  readonly capacity: number;
}

function headerSize(workers: number): number {
  return H_PARTICIPANTS + STRIDE * workers;
}
function errorIndex(w: number): number {
  return H_PARTICIPANTS + STRIDE * w;
}
function attachedIndex(w: number): number {
  return H_PARTICIPANTS + STRIDE * w + 1;
}

/** Allocates the shared memory of a run. */
export function allocateShared(layout: SharedLayout): SharedArrayBuffer {
  const c = layout.capacity;
  return new SharedArrayBuffer(4 * (headerSize(layout.workers) + 2 * c + layout.workers * 2 * (1 + c)));
}

/** One participant's typed views of the shared memory and its end of the barrier. */
export class RoundExchange {
  private readonly hdr: Int32Array;
  /** Member codes by plan position, per round parity. */
  readonly codes: readonly [Int32Array, Int32Array];
  /** Wake-ups `[count, cid...]` per participant, per round parity. */
  readonly wakes: readonly (readonly [Int32Array, Int32Array])[];

  constructor(
    shared: SharedArrayBuffer,
    readonly layout: SharedLayout,
    readonly self: number,
  ) {
    const n = layout.workers;
    const c = layout.capacity;
    this.hdr = new Int32Array(shared, 0, headerSize(n));
    let at = 4 * headerSize(n);
    const take = (len: number): Int32Array => {
      const a = new Int32Array(shared, at, len);
      at += 4 * len;
      return a;
    };
    this.codes = [take(c), take(c)];
    this.wakes = Array.from({ length: n }, () => [take(1 + c), take(1 + c)] as const);
    this.evenLists = this.wakes.map((pair) => pair[0]);
    this.oddLists = this.wakes.map((pair) => pair[1]);
  }

  /** Round `round`'s member codes by plan position. */
  codesOf(round: number): Int32Array {
    return (round & 1) === 1 ? this.codes[1] : this.codes[0];
  }

  /** Participant `w`'s wake-up list of round `round`. */
  wakesOf(w: number, round: number): Int32Array {
    const pair = this.wakes[w];
    if (pair === undefined) throw new RangeError(`no participant ${w}`);
    return (round & 1) === 1 ? pair[1] : pair[0];
  }

  /** Every participant's wake-up list of round `round`, by participant (two arrays made once). */
  wakeListsOf(round: number): readonly Int32Array[] {
    return (round & 1) === 1 ? this.oddLists : this.evenLists;
  }

  private readonly evenLists: readonly Int32Array[];
  private readonly oddLists: readonly Int32Array[];

  /** This participant finished round `round` (its codes and wake-ups are written). */
  arrive(): void {
    Atomics.add(this.hdr, H_ARRIVED, 1);
    if (Atomics.load(this.hdr, H_SLEEPERS) > 0) Atomics.notify(this.hdr, H_ARRIVED);
  }

  /** Whether every participant finished round `round`. */
  complete(round: number): boolean {
    return Atomics.load(this.hdr, H_ARRIVED) >= round * this.layout.workers;
  }

  /** Busy-waits up to {@link SPIN_MS} for round `round` to complete; true if it did. */
  spin(round: number): boolean {
    const target = round * this.layout.workers;
    const hdr = this.hdr;
    if (Atomics.load(hdr, H_ARRIVED) >= target) return true;
    const until = performance.now() + SPIN_MS;
    for (;;) {
      for (let i = 0; i < 256; i++) if (Atomics.load(hdr, H_ARRIVED) >= target) return true;
      if (performance.now() > until) return false;
    }
  }

  /** Sleeps until round `round` completes, someone stops the run or `timeoutMs` passes. */
  sleep(round: number, timeoutMs: number): void {
    const hdr = this.hdr;
    Atomics.add(hdr, H_SLEEPERS, 1);
    // Read after announcing the sleep: an arrival after this read notifies us.
    const seen = Atomics.load(hdr, H_ARRIVED);
    if (seen < round * this.layout.workers && Atomics.load(hdr, H_STOP) === 0)
      Atomics.wait(hdr, H_ARRIVED, seen, timeoutMs);
    Atomics.sub(hdr, H_SLEEPERS, 1);
  }

  /** Ends the run for everyone: waiting participants wake and see it. */
  stop(): void {
    Atomics.store(this.hdr, H_STOP, 1);
    Atomics.notify(this.hdr, H_ARRIVED);
  }

  stopped(): boolean {
    return Atomics.load(this.hdr, H_STOP) === 1;
  }

  /** A pool thread loaded its replica (the calling thread may be waiting for it: {@link attachedAsync}). */
  attached(): void {
    Atomics.store(this.hdr, attachedIndex(this.self), 1);
    Atomics.notify(this.hdr, attachedIndex(this.self));
  }

  isAttached(w: number): boolean {
    return Atomics.load(this.hdr, attachedIndex(w)) === 1;
  }

  /**
   * Resolves once participant `w` attached or `timeoutMs` passed, without blocking the event loop
   * and without polling (a 1 ms timer loop added up to a timer period to every run's start).
   */
  attachedAsync(w: number, timeoutMs: number): Promise<unknown> {
    const r = Atomics.waitAsync(this.hdr, attachedIndex(w), 0, timeoutMs);
    return r.async ? r.value : Promise.resolve(r.value);
  }

  /** A pool thread failed: the calling thread may be asleep on the barrier. */
  failed(): void {
    Atomics.store(this.hdr, errorIndex(this.self), 1);
    Atomics.notify(this.hdr, H_ARRIVED);
  }

  hasFailed(w: number): boolean {
    return Atomics.load(this.hdr, errorIndex(w)) === 1;
  }
}
