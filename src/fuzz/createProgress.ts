import pc from 'picocolors';
import { kInterruptGraceMs } from './campaignDefaults.js';
import { counted } from './report/status.js';
import type { CampaignActivity, CampaignProgress } from './types.js';

/**
 * A progress renderer for {@link CampaignProgress} updates.
 * @example `progress.update(p); progress.note('SKIPPED x: no runner'); progress.end();`
 * @public
 */
export interface ProgressRenderer {
  update(progress: CampaignProgress): void;
  /** Prints a line of its own (a skipped property, a warning) without breaking the live line. */
  note(text: string): void;
  /** Says the campaign is stopping after a signal. */
  interrupt(signal: string): void;
  end(): void;
}

/** The stream progress is written to: a writable with, on a terminal, `isTTY` and `columns`. @public */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Most characters of a plain (piped or CI) progress line. */
export const kPlainLineWidth = 120;

interface Segment {
  readonly text: string;
  readonly color?: 'red' | 'yellow' | 'cyan' | 'dim' | 'bold' | 'magenta';
}

// The activity that tells most: writing, then shrinking, then a lane run, then generating.
const kRank: Readonly<Record<CampaignActivity['phase'], number>> = {
  writing: 0,
  shrinking: 1,
  running: 2,
  generating: 3,
};

function seconds(ms: number): string {
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)}s`
    : `${Math.floor(ms / 60_000)}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

function describeActivity(a: CampaignActivity): Segment {
  switch (a.phase) {
    case 'writing':
      return { text: 'writing the corpus and the report', color: 'cyan' };
    case 'shrinking':
      return {
        text: `shrinking ${a.property ?? ''} (step ${a.step ?? 0})${a.lane === undefined ? '' : `, running lane ${a.lane}`}`,
        color: 'magenta',
      };
    case 'running':
      return { text: `running lane ${a.lane ?? ''} (${a.property ?? ''})`, color: 'cyan' };
    default:
      return { text: `generating ${a.property ?? ''}`, color: 'dim' };
  }
}

/** The progress line as segments: time, cases, rate, failures, what is happening, a slow lane. */
function segments(p: CampaignProgress): Segment[] {
  const time = p.budgetMs === null ? seconds(p.elapsedMs) : `${seconds(p.elapsedMs)}/${seconds(p.budgetMs)}`;
  const out: Segment[] = [
    { text: `fuzz ${time}`, color: 'bold' },
    { text: ` ${counted(p.cases, 'case')} (${Math.round(p.casesPerSecond)}/s)` },
  ];
  if (p.failures > 0) out.push({ text: ` ${counted(p.failures, 'failure')}`, color: 'red' });
  const skipped = p.properties.filter((q) => q.skipped !== undefined).length;
  if (skipped > 0) out.push({ text: ` ${skipped} skipped`, color: 'yellow' });
  const activity = [...p.activity].sort((a, b) => kRank[a.phase] - kRank[b.phase]);
  const first = activity[0];
  if (first !== undefined) {
    out.push({ text: ' | ' }, describeActivity(first));
    if (activity.length > 1) out.push({ text: ` +${activity.length - 1} more`, color: 'dim' });
  }
  if (p.slow !== undefined)
    out.push({ text: ` | lane ${p.slow.lane} slow: one request running for ${seconds(p.slow.ms)}`, color: 'yellow' });
  return out;
}

/** Cuts segments to `width` visible characters (an ellipsis marks the cut), then colours them. */
function render(parts: readonly Segment[], width: number, colors: ReturnType<typeof pc.createColors>): string {
  let room = width;
  let out = '';
  for (const part of parts) {
    if (room <= 0) break;
    const text = part.text.length <= room ? part.text : `${part.text.slice(0, Math.max(0, room - 1))}…`;
    room -= text.length;
    out += part.color === undefined ? text : colors[part.color](text);
  }
  return out;
}

/**
 * Progress on stderr. On a terminal (outside CI): one live line, in colour, cut to the terminal's
 * width, redrawn at most every `liveMs`. Piped or under `CI`: a plain line of at most 120 characters,
 * at most every `intervalMs` (and one at the end). Both name the phase — generating, running a lane,
 * shrinking (step k), writing — and call out a lane whose request has run for more than 5 s.
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
  stream: ProgressStream = process.stderr,
  intervalMs = 5_000,
  options: {
    /** One live line (a terminal) or plain lines. @defaultValue a TTY outside CI and `TERM=dumb` */
    readonly live?: boolean;
    /** Least time between two redraws of the live line, in ms. @defaultValue 100 */
    readonly liveMs?: number;
    /** Colour on the live line. @defaultValue picocolors' detection (NO_COLOR, FORCE_COLOR) */
    readonly colors?: boolean;
  } = {},
): ProgressRenderer {
  const live = options.live ?? (stream.isTTY === true && !process.env.CI && process.env.TERM !== 'dumb');
  const liveMs = options.liveMs ?? 100;
  const colors = pc.createColors(live && (options.colors ?? pc.isColorSupported));
  const width = (): number =>
    live
      ? Math.max(20, (stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80) - 1)
      : kPlainLineWidth;
  let lastPrinted = Number.NEGATIVE_INFINITY;
  let last: CampaignProgress | null = null;
  let lastText = '';
  let shown = false;
  const draw = (text: string): void => {
    stream.write(`\r${text}\x1b[K`);
    shown = true;
  };
  const clear = (): void => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  return {
    update(p) {
      last = p;
      const now = Date.now();
      if (now - lastPrinted < (live ? liveMs : intervalMs)) return;
      lastPrinted = now;
      lastText = render(segments(p), width(), colors);
      if (live) draw(lastText);
      else stream.write(`${lastText}\n`);
    },
    note(text) {
      if (live) {
        clear();
        stream.write(`${text}\n`);
        if (lastText !== '') draw(lastText);
      } else stream.write(`${text}\n`);
    },
    interrupt(signal) {
      this.note(
        colors.yellow(
          `${signal}: stopping; the checks under way end first (at most ${kInterruptGraceMs / 1000} s; a failure being shrunk is kept as it stands), then the counterexamples found so far are saved and the report is written (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again stops at once)`,
        ),
      );
    },
    end() {
      if (live) {
        clear();
      } else if (last !== null && Date.now() - lastPrinted > 0) {
        stream.write(`${render(segments(last), width(), colors)}\n`);
      }
    },
  };
}
