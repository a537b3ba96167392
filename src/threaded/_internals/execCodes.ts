/**
 * Exec-status codes a replica reports per step (machine.md §7.4 needs only these), and the
 * central mirror's §7.4 queue update for one reported code: the one switch both threaded paths use.
 */

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

/** The exec-status code of an `ExecStatus` kind (machine.md §7.4 cases). */
export function codeOf(kind: string): number {
  switch (kind) {
    case 'continue':
      return EXEC_CONTINUE;
    case 'blocked':
      return EXEC_BLOCKED;
    case 'halted':
      return EXEC_HALTED;
    case 'faulted':
      return EXEC_FAULTED;
    case 'yielded':
      return EXEC_YIELDED;
    case 'closed':
      return EXEC_CLOSED;
    default:
      return EXEC_UNSUPPORTED;
  }
}

/** Mirror status: runnable. */
export const ST_READY = 0;
export const ST_BLOCKED = 1;
export const ST_TERMINAL = 2;
/** In the ready queue but not runnable (a yielded coroutine, MD-19). */
export const ST_STALLED = 3;

/**
 * The main thread's mirror of the scheduler state the replicas do not keep (machine.md §7.1,
 * §11.8): a status and an in-queue flag per coroutine, and how many are terminal. The queue
 * itself stays with the caller (each path keeps it in its own shape).
 */
export class CentralMirror {
  readonly status: Uint8Array;
  readonly inQueue: Uint8Array;
  terminal = 0;

  constructor(
    readonly total: number,
    queue: readonly number[],
  ) {
    this.status = new Uint8Array(total);
    this.inQueue = new Uint8Array(total);
    for (const cid of queue) this.inQueue[cid] = 1;
  }

  /** `cid` was woken (§7.2): runnable again, appended to `queue` unless it is queued. */
  wake(cid: number, queue: number[]): void {
    this.status[cid] = ST_READY;
    if (this.inQueue[cid] === 0) {
      this.inQueue[cid] = 1;
      queue.push(cid);
    }
  }

  isReady(cid: number): boolean {
    return this.status[cid] === ST_READY;
  }

  /**
   * §7.4 for one dequeued step with exec code `code`: re-queue (continue, closed, yielded), block,
   * or count a terminal. `skipped` says whether `EXEC_SKIPPED` is a valid answer (wave rounds:
   * nothing changes) or not (a canonical run never skips). Returns false for a code the mirror
   * cannot follow.
   */
  settle(cid: number, code: number, queue: number[], skipped: 'allowed' | 'unexpected'): boolean {
    this.inQueue[cid] = 0;
    switch (code) {
      case EXEC_CONTINUE:
      case EXEC_CLOSED:
        this.status[cid] = ST_READY;
        this.inQueue[cid] = 1;
        queue.push(cid);
        return true;
      case EXEC_YIELDED:
        this.status[cid] = ST_STALLED;
        this.inQueue[cid] = 1;
        queue.push(cid);
        return true;
      case EXEC_BLOCKED:
        this.status[cid] = ST_BLOCKED;
        return true;
      case EXEC_HALTED:
      case EXEC_FAULTED:
        this.status[cid] = ST_TERMINAL;
        this.terminal += 1;
        return true;
      case EXEC_SKIPPED:
        return skipped === 'allowed';
      default:
        return false;
    }
  }

  /**
   * {@link settle} for a caller that keeps the queue itself (the coroutine already left it):
   * `true` to re-queue it, `false` not to, `null` for a code the mirror cannot follow.
   */
  settleCode(cid: number, code: number): boolean | null {
    switch (code) {
      case EXEC_CONTINUE:
      case EXEC_CLOSED:
        this.status[cid] = ST_READY;
        return true;
      case EXEC_YIELDED:
        this.status[cid] = ST_STALLED;
        return true;
      case EXEC_BLOCKED:
        this.status[cid] = ST_BLOCKED;
        return false;
      case EXEC_HALTED:
      case EXEC_FAULTED:
        this.status[cid] = ST_TERMINAL;
        this.terminal += 1;
        return false;
      case EXEC_SKIPPED:
        return false;
      default:
        return null;
    }
  }

  allTerminal(): boolean {
    return this.terminal === this.total;
  }
}
