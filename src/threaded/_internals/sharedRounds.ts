/**
 * The per-round hand-off between the main thread and the wave workers, in one SharedArrayBuffer
 * (machine.md §11.8: a wave round ends in a barrier; Atomics keep that barrier cheap).
 *
 * Header (Int32): [0] round sequence, [1] stop flag, [2] main-thread-sleeping flag, then per
 * participant: done sequence, error flag, attached flag, sleeping flag. Then one region per
 * participant (participant 0 is the main thread itself): command `tick, count, (cid, pos)*`,
 * results `(code | owned << 8)*` in command order (codes of `execCodes.ts`), wakes `count, cid*`.
 *
 * Waiting spins briefly before sleeping on a futex, and a waker calls `Atomics.notify` only when the
 * other side said it sleeps: on short rounds the notify system call costs more than the steps.
 */

export const H_ROUND = 0;
export const H_STOP = 1;
export const H_MAIN_SLEEPING = 2;
const H_WORKERS = 3;
const STRIDE = 4;

/**
 * How long a waiting side busy-waits before sleeping: several typical rounds (tens of
 * microseconds each), so the common hand-off needs no system call; short enough that on a busy
 * machine a waiting thread soon gives its core to the thread it waits for.
 */
export const SPIN_MS = 0.25;

/** Busy-waits while `cells[index] === value` for at most {@link SPIN_MS}; true if it changed. */
export function spinWhileEqual(cells: Int32Array, index: number, value: number): boolean {
  if (Atomics.load(cells, index) !== value) return true;
  const until = performance.now() + SPIN_MS;
  for (;;) {
    for (let i = 0; i < 256; i++) if (Atomics.load(cells, index) !== value) return true;
    if (performance.now() > until) return false;
  }
}

export interface SharedLayout {
  /** Participants, the main thread (index 0) included. */
  readonly workers: number;
  readonly capacity: number;
}

export function headerSize(workers: number): number {
  return H_WORKERS + STRIDE * workers;
}
export function regionSize(capacity: number): number {
  return 4 * capacity + 4;
}
export function allocateShared(layout: SharedLayout): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * (headerSize(layout.workers) + layout.workers * regionSize(layout.capacity)));
}

export function doneIndex(w: number): number {
  return H_WORKERS + STRIDE * w;
}
export function errorIndex(w: number): number {
  return H_WORKERS + STRIDE * w + 1;
}
export function attachedIndex(w: number): number {
  return H_WORKERS + STRIDE * w + 2;
}
export function sleepingIndex(w: number): number {
  return H_WORKERS + STRIDE * w + 3;
}

/** Typed views of one participant's region. */
export interface Region {
  /** [tick, count, cid0, pos0, cid1, pos1, ...] */
  readonly cmd: Int32Array;
  /** per command entry: code | owned << 8 */
  readonly res: Int32Array;
  /** [count, cid...] */
  readonly wakes: Int32Array;
}

export function regionOf(sab: SharedArrayBuffer, layout: SharedLayout, w: number): Region {
  const base = 4 * (headerSize(layout.workers) + w * regionSize(layout.capacity));
  const c = layout.capacity;
  return {
    cmd: new Int32Array(sab, base, 2 + 2 * c),
    res: new Int32Array(sab, base + 4 * (2 + 2 * c), c),
    wakes: new Int32Array(sab, base + 4 * (2 + 3 * c), 1 + c),
  };
}

/** A pool thread's end of the hand-off (participant `w` ≥ 1). */
export class WorkerSide {
  private readonly hdr: Int32Array;

  constructor(
    shared: SharedArrayBuffer,
    layout: SharedLayout,
    private readonly w: number,
  ) {
    this.hdr = new Int32Array(shared, 0, headerSize(layout.workers));
  }

  /** The worker loaded its replica and waits for rounds. */
  attached(): void {
    Atomics.store(this.hdr, attachedIndex(this.w), 1);
    Atomics.notify(this.hdr, attachedIndex(this.w));
  }

  /** Waits for the round after `seen` — spin a little (the main thread plans quickly), then sleep — and returns its number. */
  awaitRound(seen: number): number {
    const hdr = this.hdr;
    spinWhileEqual(hdr, H_ROUND, seen);
    while (Atomics.load(hdr, H_ROUND) === seen) {
      Atomics.store(hdr, sleepingIndex(this.w), 1);
      Atomics.wait(hdr, H_ROUND, seen, 50);
      Atomics.store(hdr, sleepingIndex(this.w), 0);
    }
    return Atomics.load(hdr, H_ROUND);
  }

  /** Whether the main thread ended the run. */
  stopRequested(): boolean {
    return Atomics.load(this.hdr, H_STOP) === 1;
  }

  /** Round `seq` is done; wakes the main thread only if it sleeps. */
  done(seq: number): void {
    Atomics.store(this.hdr, doneIndex(this.w), seq);
    if (Atomics.load(this.hdr, H_MAIN_SLEEPING) === 1) Atomics.notify(this.hdr, doneIndex(this.w));
  }

  /** The worker failed: tell the main thread first, it may be asleep on this worker's barrier slot. */
  failed(): void {
    Atomics.store(this.hdr, errorIndex(this.w), 1);
    Atomics.notify(this.hdr, doneIndex(this.w));
  }
}
