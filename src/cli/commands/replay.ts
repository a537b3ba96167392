/** `telltale-parity replay [DIR|FILE]`: re-run saved counterexamples, report which still fail. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { kCampaignDefaults } from '../../fuzz/campaignDefaults.js';
import { counted } from '../../fuzz/report/status.js';
import { parseCommandArgs, usageError } from '../_internals/parseCommandArgs.js';
import { parseLaneArgs } from '../_internals/parseLaneArgs.js';
import { parseWorkers } from '../_internals/parseWorkers.js';

const kUsage = `Usage: telltale-parity replay [DIR | FILE.msgpack] [--lean CMD] [--lane NAME=CMD]... [--workers N]

Re-runs every corpus entry (default ${kCampaignDefaults.corpusDir}/) on its saved input.
--workers N spreads large corpora (200+ entries) over worker threads (default: available cores).
Unreadable files and folders are named on stderr and skipped.
Exit codes: 0 at least one entry replayed and none fails any more, 1 some entry still fails,
2 usage or set-up error, or nothing could be replayed (no entries, or every entry unreadable or skipped).`;

/** `telltale-parity replay` */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandArgs('replay', kUsage, argv, {
    lean: { type: 'string' },
    lane: { type: 'string', multiple: true },
    workers: { type: 'string' },
  });
  if ('exitCode' in parsed) return parsed.exitCode;
  const { values, positionals } = parsed;
  if (positionals.length > 1)
    return usageError('replay', kUsage, `expected at most one DIR or FILE, got ${positionals.length}`);
  const target = positionals[0] ?? kCampaignDefaults.corpusDir;
  const workers = values.workers === undefined ? availableParallelism() : parseWorkers(values.workers);
  if (typeof workers === 'string') return usageError('replay', kUsage, workers);
  const lanes = parseLaneArgs(values.lane ?? []);
  if (!lanes.ok) return usageError('replay', kUsage, lanes.error);
  const lean = values.lean;
  if (!existsSync(target)) {
    // The default corpus may not exist yet (nothing ever failed): nothing to replay, said plainly.
    process.stderr.write(
      target === kCampaignDefaults.corpusDir
        ? `telltale-parity replay: nothing to replay: no corpus at '${target}' yet (counterexamples of \`telltale-parity fuzz\` are saved there)\n`
        : `telltale-parity replay: no corpus directory or file at '${target}'; give a directory written by \`telltale-parity fuzz --corpus DIR\`, or one .msgpack entry\n`,
    );
    return 2;
  }
  // Loaded only after argument parsing: the property registry pulls in every engine.
  const { replayCorpus } = await import('../../fuzz/replayCorpus.js');
  const report = await replayCorpus(target, { ...(lean === undefined ? {} : { lean }), lanes: lanes.value, workers });
  for (const problem of report.problems) process.stderr.write(`skipped ${problem.file}: ${problem.message}\n`);
  let failing = 0;
  for (const entry of report.entries) {
    if (entry.status === 'failing') {
      failing += 1;
      const summary = entry.verdict !== null && !entry.verdict.pass ? entry.verdict.summary : '';
      process.stdout.write(`FAIL   ${entry.property} ${entry.file}\n       ${summary}\n`);
    } else if (entry.status === 'fixed') {
      process.stdout.write(`fixed  ${entry.property} ${entry.file}\n`);
    } else {
      process.stdout.write(`SKIP   ${entry.property} ${entry.file}: ${entry.reason ?? ''}\n`);
    }
  }
  const fixed = report.entries.filter((e) => e.status === 'fixed').length;
  const skipped = report.entries.length - failing - fixed;
  process.stdout.write(
    `replay: ${counted(report.entries.length, 'entry', 'entries')}, ${failing} still failing, ${fixed} fixed, ${skipped} skipped, ${report.problems.length} unreadable\n`,
  );
  if (failing > 0) return 1;
  if (fixed > 0) return 0;
  // A replay that judged nothing never passes (GUIDE: a command that checked nothing never exits 0).
  const why =
    report.entries.length === 0 && report.problems.length === 0
      ? `no corpus entries in '${target}'`
      : [
          skipped > 0 ? `${skipped} entr${skipped === 1 ? 'y' : 'ies'} skipped (see SKIP above)` : '',
          report.problems.length > 0 ? `${report.problems.length} unreadable (named above)` : '',
        ]
          .filter((s) => s !== '')
          .join(', ');
  process.stderr.write(`telltale-parity replay: nothing was replayed: ${why}\n`);
  return 2;
}
