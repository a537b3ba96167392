import type { CampaignProgress } from './types.js';

/** A progress renderer for {@link CampaignProgress} updates. @example `progress.update(p); progress.end();` @public */
export interface ProgressRenderer {
  update(progress: CampaignProgress): void;
  end(): void;
}

/**
 * Progress on stderr: a live line (elapsed, cases/s, per-property counts, failures) on a TTY outside
 * CI, else a plain line at most every `intervalMs` (and one at the end).
 *
 * @example
 * ```ts
 * const progress = createProgress(process.stderr);
 * await runCampaign({ onProgress: (p) => progress.update(p) });
 * progress.end();
 * ```
 * @public
 */
export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number } = process.stderr,
  intervalMs = 5_000,
): ProgressRenderer {
  const live = stream.isTTY === true && !process.env.CI && process.env.TERM !== 'dumb';
  let lastPlain = 0;
  let last: CampaignProgress | null = null;
  let printedLive = false;
  const line = (p: CampaignProgress): string => {
    const perProperty = p.properties
      .map((q) => (q.skipped !== undefined ? `${q.id} SKIPPED` : `${q.id} ${q.cases}${q.failures > 0 ? ' FAIL' : ''}`))
      .join(', ');
    return `fuzz ${(p.elapsedMs / 1000).toFixed(1)}s ${p.cases} cases (${Math.round(p.casesPerSecond)}/s) failures=${p.failures} | ${perProperty}`;
  };
  return {
    update(p) {
      last = p;
      if (live) {
        const text = line(p);
        const width = Math.max(40, (stream.columns !== undefined && stream.columns > 0 ? stream.columns : 120) - 1);
        stream.write(`\r${text.length > width ? `${text.slice(0, width - 1)}…` : text}\x1b[K`);
        printedLive = true;
      } else if (p.elapsedMs - lastPlain >= intervalMs) {
        lastPlain = p.elapsedMs;
        stream.write(`${line(p)}\n`);
      }
    },
    end() {
      if (live) {
        if (printedLive) stream.write('\n');
      } else if (last !== null) {
        stream.write(`${line(last)}\n`);
      }
    },
  };
}
