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

  // Who waits in `until` for each moment, and whether it came: a `Promise.race` with the moment's
  // promise would leave a reaction on it per call, holding its result (a chunk's, per chunk) for
  // the whole campaign.
  private readonly waiting = { signal: new Set<() => void>(), grace: new Set<() => void>() };
  private readonly came = { signal: false, grace: false };

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
        this.arrive('signal');
        resolve(null);
      };
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    });
    this.graceOver = this.signalled.then(
      () =>
        new Promise<null>((resolve) => {
          setTimeout(() => {
            this.arrive('grace');
            resolve(null);
          }, kInterruptGraceMs).unref();
        }),
    );
  }

  /**
   * `work`'s value, or `null` once the signal came (`'signal'`) or the grace after it ended
   * (`'grace'`), whichever is first; nothing is left waiting once `work` settles.
   * @example `const result = await stop.until(runChunk(...), 'grace'); // null: abandoned`
   */
  until<T>(work: Promise<T>, moment: 'signal' | 'grace'): Promise<T | null> {
    if (this.came[moment]) {
      // Abandoned, as a lost `Promise.race` would leave it: its failure is nobody's to report.
      work.catch(() => undefined);
      return Promise.resolve(null);
    }
    const waiting = this.waiting[moment];
    return new Promise<T | null>((resolve, reject) => {
      const wake = (): void => resolve(null);
      waiting.add(wake);
      work.then(
        (value) => {
          waiting.delete(wake);
          resolve(value);
        },
        (e: unknown) => {
          waiting.delete(wake);
          // Passed on as it came, like `Promise.race` would.
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          reject(e);
        },
      );
    });
  }

  /** Callers of {@link until} still waiting (tests). */
  waitingCount(): number {
    return this.waiting.signal.size + this.waiting.grace.size;
  }

  private arrive(moment: 'signal' | 'grace'): void {
    this.came[moment] = true;
    for (const wake of this.waiting[moment]) wake();
    this.waiting[moment].clear();
  }

  /** Whether the signal has aborted. */
  get aborted(): boolean {
    return this.signal?.aborted === true;
  }
}
