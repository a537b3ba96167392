/**
 * The reporter of `npm run bench`: instead of Vitest's per-bench statistics (the measured work runs
 * in child processes on the built package, so tinybench's timings of the driver mean nothing), it
 * prints one line per finished bench file while the run goes, and at the end the one table of
 * every recorded row (`rows.ts`), with the machine's load and the baseline used.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { baselineNote } from './baseline.js';
import { kRowsEnv, type BenchRow } from './rows.js';

const kColumns = ['area', 'measure', 'value', 'target', 'baseline (same run)', 'met'] as const;

function cell(s: string): string {
  return s.replaceAll('|', '\\|');
}

/** The rows as one Markdown table. */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = rows.map((r) => [r.area, r.measure, r.value, r.target, r.baseline, r.met].map(cell));
  const widths = kColumns.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const row = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [row(kColumns), row(widths.map((w) => '-'.repeat(w))), ...lines.map(row)].join('\n');
}

export default class TableReporter implements Reporter {
  private dir = '';
  private file = '';
  private started = 0;
  private load0: readonly number[] = [];

  onInit(): void {
    this.dir = mkdtempSync(join(tmpdir(), 'telltale-bench-'));
    this.file = join(this.dir, 'rows.jsonl');
    writeFileSync(this.file, '');
    process.env[kRowsEnv] = this.file;
    this.started = performance.now();
    this.load0 = loadavg();
    process.stdout.write(`telltale-parity bench: ${baselineNote()}\n`);
  }

  onTestModuleEnd(module: TestModule): void {
    const s = ((performance.now() - this.started) / 1000).toFixed(0);
    const errors = module.errors();
    const failed = [...module.children.allTests()].filter((t) => t.result().state === 'failed');
    const status = errors.length + failed.length === 0 ? 'done' : 'FAILED';
    process.stdout.write(`  ${relative(process.cwd(), module.moduleId)}: ${status} (${s} s into the run)\n`);
    for (const t of failed)
      for (const e of t.result().errors ?? []) process.stdout.write(`    ${t.name}: ${e.message}\n`);
    for (const e of errors) process.stdout.write(`    ${e.message}\n`);
  }

  onTestRunEnd(): void {
    let rows: BenchRow[] = [];
    try {
      rows = readFileSync(this.file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as BenchRow);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
    const load1 = loadavg();
    const minutes = ((performance.now() - this.started) / 60_000).toFixed(1);
    process.stdout.write(
      `\n${formatTable(rows)}\n\n` +
        `${rows.length} measures in ${minutes} min on ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}); ` +
        `load average ${this.load0.map((x) => x.toFixed(1)).join(' ')} at the start, ${load1.map((x) => x.toFixed(1)).join(' ')} at the end. ` +
        `${baselineNote()}\n`,
    );
  }
}
