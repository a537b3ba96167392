/**
 * The per-round hand-off between the main thread and the wave workers, in one SharedArrayBuffer
 * (machine.md §11.8: a wave round ends in a barrier; Atomics keep that barrier cheap).
 *
 * Header (Int32): [0] round sequence, [1] stop flag, then per worker: done sequence, error flag,
 * attached flag. Then one region per worker: command `tick, count, (cid, pos)*`, results
 * `(code | owned << 8)*` in command order, wakes `count, cid*`.
 */

export const H_ROUND = 0;
export const H_STOP = 1;
const H_WORKERS = 2;

/** Exec-status codes a worker reports per step (machine.md §7.4 only needs these). */
export const EXEC_CONTINUE = 0;
export const EXEC_BLOCKED = 1;
export const EXEC_HALTED = 2;
export const EXEC_FAULTED = 3;
export const EXEC_YIELDED = 4;
export const EXEC_CLOSED = 5;
/** The coroutine was no longer runnable when its turn came (§11.5): skipped, still counted. */
export const EXEC_SKIPPED = 6;
/** Anything the session-partitioned mirror cannot follow (spawn, transfer, ...). */
export const EXEC_UNSUPPORTED = 7;

export interface SharedLayout {
  readonly workers: number;
  readonly capacity: number;
}

export function headerSize(workers: number): number {
  return H_WORKERS + 3 * workers;
}
export function regionSize(capacity: number): number {
  return 4 * capacity + 4;
}
export function allocateShared(layout: SharedLayout): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * (headerSize(layout.workers) + layout.workers * regionSize(layout.capacity)));
}

export function doneIndex(w: number): number {
  return H_WORKERS + 3 * w;
}
export function errorIndex(w: number): number {
  return H_WORKERS + 3 * w + 1;
}
export function attachedIndex(w: number): number {
  return H_WORKERS + 3 * w + 2;
}

/** Typed views of one worker's region. */
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
