/**
 * How a campaign stops on its signal (runCampaign.ts): a shared cell that every running chunk reads,
 * here and in the workers (runChunk.ts ends at its next case, keeping a failure as it stands), and
 * two moments to wait for — the signal itself, and the end of the grace the chunks under way get
 * ({@link kInterruptGraceMs}), after which what still runs is abandoned and the workers stopped.
 */
import { kInterruptGraceMs } from '../campaignDefaults.js';

export class CampaignStop {
  /** The stop cell's memory (an Int32 at 0, non-zero once stopped), for the workers. */
  readonly cell = new SharedArrayBuffer(4);
  /** The stop cell, for chunks run here. */
  readonly interrupt = new Int32Array(this.cell);
  /** Resolves (`null`) when the signal aborts; never without a signal. */
  readonly signalled: Promise<null>;
  /** Resolves (`null`) once the chunks under way had their grace after the signal. */
  readonly graceOver: Promise<null>;

  /** `onStop` runs first at the signal (what the campaign was doing then). */
  constructor(
    private readonly signal: AbortSignal | null,
    onStop: () => void,
  ) {
    this.signalled = new Promise<null>((resolve) => {
      if (signal === null) return;
      const stop = (): void => {
        onStop();
        Atomics.store(this.interrupt, 0, 1);
        resolve(null);
      };
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    });
    this.graceOver = this.signalled.then(
      () =>
        new Promise<null>((resolve) => {
          setTimeout(() => resolve(null), kInterruptGraceMs).unref();
        }),
    );
  }

  /** Whether the signal has aborted. */
  get aborted(): boolean {
    return this.signal?.aborted === true;
  }
}
