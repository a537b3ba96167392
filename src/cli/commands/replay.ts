/** `telltale-parity replay [DIR|FILE]`: re-run saved counterexamples, report which still fail. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { kCampaignDefaults } from '../../fuzz/campaignDefaults.js';

const usage = `Usage: telltale-parity replay [DIR | FILE.msgpack] [--lean CMD] [--lane NAME=CMD]... [--workers N]

Re-runs every corpus entry (default ${kCampaignDefaults.corpusDir}/) on its saved input.
--workers N spreads large corpora (200+ entries) over worker threads (default: available cores).
Exit codes: 0 nothing fails any more, 1 some entry still fails, 2 usage or set-up error.`;

/** `telltale-parity replay` */
export async function main(argv: readonly string[]): Promise<number> {
  let target: string;
  let lean: string | undefined;
  let workers = availableParallelism();
  const lanes: Record<string, string> = {};
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        lean: { type: 'string' },
        lane: { type: 'string', multiple: true },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new Error(`expected at most one DIR or FILE, got ${positionals.length}`);
    target = positionals[0] ?? kCampaignDefaults.corpusDir;
    lean = values.lean;
    if (values.workers !== undefined) {
      if (!/^\d+$/.test(values.workers) || Number(values.workers) < 1)
        throw new Error(`--workers expects an integer >= 1, got '${values.workers}'`);
      workers = Number(values.workers);
    }
    for (const value of values.lane ?? []) {
      const eq = value.indexOf('=');
      if (eq <= 0 || eq === value.length - 1) throw new Error(`--lane expects NAME=CMD, got '${value}'`);
      lanes[value.slice(0, eq)] = value.slice(eq + 1);
    }
  } catch (error) {
    process.stderr.write(
      `telltale-parity replay: ${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`,
    );
    return 2;
  }
  // The default corpus may not exist yet (nothing ever failed); a path the user named must.
  if (target !== kCampaignDefaults.corpusDir && !existsSync(target)) {
    process.stderr.write(
      `telltale-parity replay: no corpus directory or file at '${target}'; give a directory written by \`telltale-parity fuzz --corpus DIR\`, or one .msgpack entry\n`,
    );
    return 2;
  }
  // Loaded only after argument parsing: the property registry pulls in every engine.
  const { replayCorpus } = await import('../../fuzz/replayCorpus.js');
  const report = await replayCorpus(target, { ...(lean === undefined ? {} : { lean }), lanes, workers });
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
    `replay: ${report.entries.length} entries, ${failing} still failing, ${fixed} fixed, ${skipped} skipped, ${report.problems.length} unreadable\n`,
  );
  return failing > 0 ? 1 : 0;
}
