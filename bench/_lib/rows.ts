/**
 * The one bench table (`npm run bench`): every bench file records its measures here, and the
 * table reporter (`tableReporter.ts`) prints them all, once, when the run ends. Rows travel through
 * a JSON-lines file named by `TELLTALE_BENCH_ROWS` (bench files run in Vitest's workers; the
 * reporter runs in the main process). Run alone (`npx vitest bench --run bench/x.bench.ts`
 * without the bench config), a file prints its rows as it records them.
 */
import { appendFileSync } from 'node:fs';

/** One line of the bench table. */
export interface BenchRow {
  /** Bench area: the file's subject (`cases`, `machine`, `threaded`, …). */
  readonly area: string;
  /** What is measured, with its unit. */
  readonly measure: string;
  /** The value measured in this run. */
  readonly value: string;
  /** The target, or `—` for a number printed for information. */
  readonly target: string;
  /** The same measure on the baseline checkout in this run, or why it was not measured, or `—`. */
  readonly baseline: string;
  /** `yes` / `no` against the target; `—` without a target. */
  readonly met: 'yes' | 'no' | '—';
}

/** Name of the environment variable that carries the rows file. */
export const kRowsEnv = 'TELLTALE_BENCH_ROWS';

/** Records one row of the bench table. */
export function recordRow(row: BenchRow): void {
  const file = process.env[kRowsEnv];
  if (file === undefined || file === '') {
    process.stdout.write(`${[row.area, row.measure, row.value, row.target, row.baseline, row.met].join(' | ')}\n`);
    return;
  }
  appendFileSync(file, `${JSON.stringify(row)}\n`);
}

/** `yes`/`no` for a target that was checked. */
export function met(ok: boolean): 'yes' | 'no' {
  return ok ? 'yes' : 'no';
}

/** A number with thousands separators and `digits` decimals. */
export function fmt(x: number, digits = 0): string {
  return Number.isFinite(x)
    ? x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : String(x);
}

/** Median of a list (mean of the middle two for even lengths); NaN when empty. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 === 1 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}
