/** `telltale-parity fuzz`: a differential fuzz campaign (docs/fuzz.md). */
import { availableParallelism } from 'node:os';
import { createProgress } from '../../fuzz/createProgress.js';
import { formatCounterexample } from '../../fuzz/formatCounterexample.js';
import { formatStatistics } from '../../fuzz/formatStatistics.js';
import { parseDuration } from '../../fuzz/parseDuration.js';
import { kCampaignDefaults, kWorkersPerCore, maxWorkers } from '../../fuzz/campaignDefaults.js';
import { counted, describeBudget, formatDuration } from '../../fuzz/report/status.js';
import type { CampaignOptions, CampaignReport, PropertyReport } from '../../fuzz/types.js';
import { TelltaleError } from '../../types/errors.js';
import { parseCommandArgs, usageError } from '../_internals/parseCommandArgs.js';
import { parseLaneArgs } from '../_internals/parseLaneArgs.js';
import { parseWorkers } from '../_internals/parseWorkers.js';
import { onInterrupt, kInterruptExitCodes } from '../_internals/onInterrupt.js';

const usage = `Usage: telltale-parity fuzz [options]

Runs the built-in differential properties on generated cases; counterexamples are shrunk and saved.

Options:
  --time DURATION     time budget (90s, 10m, 2h; more than 0; default ${kCampaignDefaults.timeMs / 1000}s)
  --runs N            cases per property instead of a time budget (N >= 1; reproducible)
  --seed S            campaign seed (number or text; default: time-based, printed)
  --properties a,b    run only these property ids
  --list              list the property ids and exit
  --workers N         worker threads (default: available cores; 1 = in-process; at most ${kWorkersPerCore} per core)
  --corpus DIR        where counterexamples are saved (default ${kCampaignDefaults.corpusDir}/)
  --report FILE       write the report: FILE.html (a page with sequence charts), FILE.md (Markdown),
                      else JSON (schema in docs/report.md); repeatable; written on an interruption too
  --lean CMD          a real Lean runner for the 'lean' lane
  --lane NAME=CMD     an external runner as an extra lane (repeatable; 'serve:CMD' = line protocol,
                      'lean:CMD' = it speaks the Lean runner's texts, so rejection texts are compared)
  --stats             print, per property, what was generated (verdicts, roles, depth, steps, name
                      classes, status, faults, swarm configurations) and what was not exercised
  --pool DIR          the seed pool (default ${kCampaignDefaults.corpusDir}/.pool): inputs that reached new behaviour,
                      replayed first by the next campaign
  --shard i/n         run shard i of n (1-based)
  -h, --help          show this help

The seed and budget are printed first; Ctrl-C (SIGINT) or SIGTERM lets the checks under way end (a
failure being shrunk is saved as it stands, not fully shrunk), prints the summary and writes the report
with status "interrupted" (a second Ctrl-C stops at once).

Exit codes: 0 no counterexample, 1 counterexample found, 2 usage or set-up error (a report or corpus
path that cannot be written, too many workers), or nothing checked (every property SKIPPED, no case run),
130 interrupted by SIGINT, 143 interrupted by SIGTERM.`;

function positiveInt(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text)) || Number(text) < 1)
    throw new TelltaleError('UsageError', `${flag} expects a whole number of cases, at least 1, got '${text}'`);
  return Number(text);
}

const kOptions = {
  time: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  properties: { type: 'string' },
  list: { type: 'boolean' },
  workers: { type: 'string' },
  corpus: { type: 'string' },
  report: { type: 'string', multiple: true },
  lean: { type: 'string' },
  lane: { type: 'string', multiple: true },
  shard: { type: 'string' },
  stats: { type: 'boolean' },
  pool: { type: 'string' },
} as const;

type FuzzArgs = Exclude<ReturnType<typeof parseCommandArgs<typeof kOptions>>, { readonly exitCode: number }>;

/** Turns parsed arguments into campaign options; throws a `UsageError` {@link TelltaleError}. */
function toCampaignOptions({ values, positionals }: FuzzArgs): CampaignOptions {
  if (positionals.length > 0) throw new TelltaleError('UsageError', `unexpected argument '${positionals[0] ?? ''}'`);
  if (values.time !== undefined && values.runs !== undefined)
    throw new TelltaleError('UsageError', 'give either --time or --runs, not both');
  const options: { -readonly [K in keyof CampaignOptions]: CampaignOptions[K] } = {};
  if (values.time !== undefined) {
    const ms = parseDuration(values.time);
    if (ms === null || ms < 1)
      throw new TelltaleError(
        'UsageError',
        `--time expects a duration above zero such as 90s, 10m or 2h, got '${values.time}'`,
      );
    options.timeMs = ms;
  }
  if (values.runs !== undefined) options.runs = positiveInt('--runs', values.runs);
  if (values.seed !== undefined) {
    if (values.seed.trim() === '') throw new TelltaleError('UsageError', '--seed expects a value');
    options.seed = values.seed;
  }
  if (values.properties !== undefined)
    options.properties = values.properties
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
  if (values.workers !== undefined) {
    const workers = parseWorkers(values.workers);
    if (typeof workers === 'string') throw new TelltaleError('UsageError', workers);
    options.workers = workers;
  }
  if (values.corpus !== undefined) options.corpusDir = values.corpus;
  if (values.pool !== undefined) {
    if (values.pool.trim() === '') throw new TelltaleError('UsageError', '--pool expects a directory');
    options.poolDir = values.pool;
  }
  if (values.report !== undefined) options.report = values.report;
  if (values.lean !== undefined) {
    if (values.lean.trim() === '') throw new TelltaleError('UsageError', '--lean expects a command');
    options.lean = values.lean;
  }
  if (values.lane !== undefined) {
    const lanes = parseLaneArgs(values.lane);
    if (!lanes.ok) throw new TelltaleError('UsageError', lanes.error);
    options.lanes = lanes.value;
  }
  if (values.shard !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(values.shard.trim());
    const index = Number(match?.[1]);
    const count = Number(match?.[2]);
    if (match === null || count < 1 || index < 1 || index > count)
      throw new TelltaleError('UsageError', `--shard expects i/n with 1 <= i <= n, got '${values.shard}'`);
    options.shard = { index, count };
  }
  return options;
}

/** `telltale-parity fuzz [options]` */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandArgs('fuzz', usage, argv, kOptions);
  if ('exitCode' in parsed) return parsed.exitCode;
  let options: CampaignOptions;
  try {
    options = toCampaignOptions(parsed);
  } catch (error) {
    return usageError('fuzz', usage, error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.list === true) {
    // Loaded only now: the property registry pulls in every engine.
    const { listProperties } = await import('../../fuzz/listProperties.js');
    const properties = listProperties(Object.keys(options.lanes ?? {}));
    const width = Math.max(...properties.map((p) => p.id.length), 2);
    for (const p of properties) process.stdout.write(`${p.id.padEnd(width)}  ${p.description}\n`);
    return 0;
  }
  const workers = options.workers ?? Math.min(availableParallelism(), maxWorkers());
  // Before any campaign code is compiled, and before the workers start (they share the setting).
  const { limitCampaignInlining } = await import('../../fuzz/limitCampaignInlining.js');
  limitCampaignInlining();
  const { compileOnWorkerThreads } = await import('../../fuzz/compileOnWorkerThreads.js');
  compileOnWorkerThreads(workers);
  // The workers load their modules while this thread loads the campaign's (a worker count over the
  // cap is refused below, and starts nothing).
  const { prestartWorkers } = await import('../../fuzz/prestartWorkers.js');
  const release = prestartWorkers(workers <= maxWorkers() ? workers : 1);
  try {
    return await campaign(parsed, options, workers);
  } finally {
    await release();
  }
}

async function campaign(parsed: FuzzArgs, options: CampaignOptions, workers: number): Promise<number> {
  const { runCampaign } = await import('../../fuzz/runCampaign.js');
  const { resolveCampaignOptions } = await import('../../fuzz/resolveCampaignOptions.js');
  // Checked (and the seed decided) before anything runs, so the first line can name them.
  let seed: string;
  try {
    seed = resolveCampaignOptions(options).seed;
  } catch (error) {
    process.stderr.write(`telltale-parity fuzz: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const budget = describeBudget({
    runs: options.runs ?? null,
    timeMs: options.runs === undefined ? (options.timeMs ?? kCampaignDefaults.timeMs) : null,
    shard: options.shard === undefined ? null : `${options.shard.index}/${options.shard.count}`,
    workers,
  });
  process.stderr.write(
    `telltale-parity fuzz: seed ${seed}, budget ${budget}, ${counted(workers, 'worker')} (re-run this campaign with --seed ${seed}${options.runs === undefined ? '' : ` --runs ${options.runs}`})\n`,
  );
  const progress = createProgress(process.stderr);
  const announcedSkips = new Set<string>();
  const controller = new AbortController();
  const stopListening = onInterrupt((signal) => {
    progress.interrupt(signal);
    controller.abort(signal);
  });
  let report: CampaignReport;
  try {
    report = await runCampaign({
      ...options,
      seed,
      signal: controller.signal,
      onProgress: (p) => {
        for (const q of p.properties) {
          if (q.skipped !== undefined && !announcedSkips.has(q.id)) {
            announcedSkips.add(q.id);
            progress.note(`SKIPPED ${q.id}: ${q.skipped}`);
          }
        }
        progress.update(p);
      },
    });
  } catch (error) {
    progress.end();
    stopListening();
    if (error instanceof TelltaleError) {
      process.stderr.write(`telltale-parity fuzz: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  progress.end();
  for (const p of report.properties) {
    if (p.skipped !== undefined && !announcedSkips.has(p.id)) process.stderr.write(`SKIPPED ${p.id}: ${p.skipped}\n`);
  }
  for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
  process.stdout.write(summary(report));
  if (parsed.values.stats === true) process.stdout.write(`\n${formatStatistics(report.properties)}`);
  for (const c of report.counterexamples) {
    const cases = report.properties.find((p) => p.id === c.property)?.cases;
    process.stdout.write(`\n${formatCounterexample(c, report.seed, cases)}`);
  }
  const reports =
    options.report === undefined ? [] : typeof options.report === 'string' ? [options.report] : options.report;
  // A report that could not be written is a warning above; name only the ones on disk.
  const written = reports.filter((file) => report.reportError?.includes(`'${file}'`) !== true);
  if (written.length > 0) process.stdout.write(`report written to ${written.join(', ')}\n`);
  stopListening();
  if (report.status === 'interrupted') {
    const code = kInterruptExitCodes[report.interruptedBy ?? ''] ?? kInterruptExitCodes.SIGINT ?? 130;
    process.stderr.write(
      `telltale-parity fuzz: interrupted by ${report.interruptedBy ?? 'a signal'} after ${formatDuration(report.wallMs ?? 0)}; ${counted(report.counterexamples.length, 'counterexample')} kept (exit ${code})\n`,
    );
    return code;
  }
  if (report.counterexamples.length > 0 || report.properties.some((p) => p.failures > 0)) return 1;
  if (report.reportError !== undefined) return 2;
  // A campaign that ran no case never passes: every property skipped, or the budget spent before a case.
  if (report.status === 'nothing-checked') {
    const skipped = report.properties.filter((p) => p.skipped !== undefined).length;
    process.stderr.write(
      `telltale-parity fuzz: nothing was checked: ${
        skipped === report.properties.length
          ? `every selected propert${skipped === 1 ? 'y was' : 'ies were'} SKIPPED (reasons above)`
          : 'no case ran within the budget; give a longer --time or use --runs N'
      }\n`,
    );
    return 2;
  }
  return 0;
}

const kStatusText: Readonly<Record<NonNullable<CampaignReport['status']>, string>> = {
  passed: 'passed',
  failed: 'FAILED',
  interrupted: 'INTERRUPTED',
  'nothing-checked': 'nothing checked',
};

/** The summary on stdout: the verdict with the campaign's numbers, then one line per property. */
function summary(report: CampaignReport): string {
  const width = Math.max(...report.properties.map((p) => p.id.length), 8);
  const status = report.status ?? 'passed';
  const cases = report.properties.reduce((sum, p) => sum + p.cases, 0);
  const lines = [
    `telltale-parity fuzz: ${kStatusText[status]}${report.interruptedBy === undefined ? '' : ` (${report.interruptedBy})`}: seed ${report.seed}, ${describeBudget(report.budget)}, ${counted(report.budget.workers, 'worker')}, ${counted(cases, 'case')} in ${formatDuration(report.wallMs ?? 0)}, ${counted(report.counterexamples.length, 'counterexample')}`,
    ...report.properties.map(
      (p) =>
        `  ${p.id.padEnd(width)}  ${String(p.cases).padStart(7)} ${p.cases === 1 ? 'case ' : 'cases'}  ${String(p.casesPerSecond).padStart(7)}/s  ${propertyText(p)}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function propertyText(p: PropertyReport): string {
  switch (p.status) {
    case 'skipped':
      return `SKIPPED (${p.skipped ?? ''})`;
    case 'failed':
      return 'FAILED';
    case 'interrupted':
      return 'interrupted';
    case 'no-cases':
      return 'no cases run (budget spent)';
    default:
      return p.skipped !== undefined ? `SKIPPED (${p.skipped})` : p.failures > 0 ? 'FAILED' : 'passed';
  }
}
