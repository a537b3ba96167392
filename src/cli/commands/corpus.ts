/** `telltale-parity corpus ls [DIR] | merge DIR... [--into DIR] | minimize [DIR]`. */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mergeCorpora } from '../../corpus/mergeCorpora.js';
import { readCorpus } from '../../corpus/readCorpus.js';
import { kCampaignDefaults } from '../../fuzz/campaignDefaults.js';

const usage = `Usage:
  telltale-parity corpus ls [DIR]                  list entries (default ${kCampaignDefaults.corpusDir}/)
  telltale-parity corpus merge DIR... [--into D]   merge shard corpora into D (default ${kCampaignDefaults.corpusDir}/)
  telltale-parity corpus minimize [DIR]            drop entries that no longer fail, and duplicates

Options of minimize: --lean CMD, --lane NAME=CMD (to judge entries of external lanes).
Unreadable files are named on stderr and skipped. Exit codes: 0 ok, 2 usage error.`;

/** `telltale-parity corpus` */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        into: { type: 'string' },
        lean: { type: 'string' },
        lane: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(
      `telltale-parity corpus: ${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`,
    );
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const [sub, ...rest] = positionals;
  const fail = (message: string): number => {
    process.stderr.write(`telltale-parity corpus: ${message}\n\n${usage}\n`);
    return 2;
  };
  // The default corpus may not exist yet (nothing ever failed); a directory the user named must.
  const missing = (dirs: readonly string[]): number | null => {
    const absent = dirs.find((d) => !existsSync(d));
    return absent === undefined ? null : fail(`no corpus directory at '${absent}'`);
  };
  if (sub === 'ls') {
    if (rest.length > 1) return fail('ls takes at most one DIR');
    const absent = missing(rest);
    if (absent !== null) return absent;
    const dir = rest[0] ?? kCampaignDefaults.corpusDir;
    const { entries, problems } = readCorpus(dir);
    for (const { entry, file, hash } of entries) {
      process.stdout.write(
        `${entry.property}\t${hash.slice(0, 16)}\t${entry.toolVersion}\t${file}\t${entry.failure.summary.replace(/\s+/g, ' ')}\n`,
      );
    }
    for (const p of problems) process.stderr.write(`skipped ${p.file}: ${p.message}\n`);
    process.stdout.write(
      `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} in ${dir}${problems.length > 0 ? `, ${problems.length} unreadable` : ''}\n`,
    );
    return 0;
  }
  if (sub === 'merge') {
    if (rest.length === 0) return fail('merge needs at least one source DIR');
    const absent = missing(rest);
    if (absent !== null) return absent;
    const into = values.into ?? kCampaignDefaults.corpusDir;
    const result = mergeCorpora(into, rest);
    for (const p of result.problems) process.stderr.write(`skipped ${p.file}: ${p.message}\n`);
    process.stdout.write(
      `merged ${rest.length} corpora into ${into}: ${result.added} added, ${result.duplicates} already present${result.problems.length > 0 ? `, ${result.problems.length} unreadable` : ''}\n`,
    );
    return 0;
  }
  if (sub === 'minimize') {
    if (rest.length > 1) return fail('minimize takes at most one DIR');
    const absent = missing(rest);
    if (absent !== null) return absent;
    const dir = rest[0] ?? kCampaignDefaults.corpusDir;
    const lanes: Record<string, string> = {};
    for (const value of values.lane ?? []) {
      const eq = value.indexOf('=');
      if (eq <= 0 || eq === value.length - 1) return fail(`--lane expects NAME=CMD, got '${value}'`);
      lanes[value.slice(0, eq)] = value.slice(eq + 1);
    }
    const { minimizeCorpus } = await import('../../fuzz/minimizeCorpus.js');
    const result = await minimizeCorpus(dir, { ...(values.lean === undefined ? {} : { lean: values.lean }), lanes });
    for (const f of result.removedFixed) process.stdout.write(`removed (no longer fails) ${f}\n`);
    for (const f of result.removedDuplicates) process.stdout.write(`removed (duplicate) ${f}\n`);
    for (const p of result.problems) process.stderr.write(`skipped ${p.file}: ${p.message}\n`);
    process.stdout.write(
      `minimize: kept ${result.kept}, removed ${result.removedFixed.length} fixed and ${result.removedDuplicates.length} duplicates\n`,
    );
    return 0;
  }
  return fail(sub === undefined ? 'missing subcommand (ls, merge or minimize)' : `unknown subcommand '${sub}'`);
}
