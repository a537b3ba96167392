/** `telltale-parity corpus ls [DIR] | show FILE... | merge DIR... [--into DIR] | minimize [DIR] [--dry-run]`. */
import { existsSync } from 'node:fs';
import { mergeCorpora } from '../../corpus/mergeCorpora.js';
import { readCorpus } from '../../corpus/readCorpus.js';
import { STALE_TEMP_MS, type CorpusTempFile } from '../../corpus/types.js';
import { dirWriteProblem } from '../../corpus/writeProblem.js';
import { kCampaignDefaults } from '../../fuzz/campaignDefaults.js';
import { counted } from '../../fuzz/report/status.js';
import { parseCommandArgs, usageError } from '../_internals/parseCommandArgs.js';
import { parseLaneArgs } from '../_internals/parseLaneArgs.js';

const kUsage = `Usage:
  telltale-parity corpus ls [DIR]                  list entries (default ${kCampaignDefaults.corpusDir}/)
  telltale-parity corpus show FILE... [--json | --input]
                                                   print entries: property, failure, seed/path, lanes,
                                                   the input as JSON and the commands that reproduce it
  telltale-parity corpus merge DIR... [--into D]   merge shard corpora into D (default ${kCampaignDefaults.corpusDir}/)
  telltale-parity corpus minimize [DIR] [--dry-run]
                                                   drop entries that no longer fail, duplicates and stale temp files

Options of show: --json (a JSON array of the entries), --input (one FILE: its input alone, as JSON;
  \`telltale-parity run\` reads a corpus entry itself, or this JSON from stdin).
Options of minimize: --lean CMD, --lane NAME=CMD (to judge entries of external lanes),
  --dry-run (print what would be removed or restored; change nothing).
Entries are identified by their verified content, never by file name alone. Unreadable files are
named on stderr and skipped.
Exit codes: 0 ok; 2 usage or set-up error (a target that cannot be written), or nothing could be done
(ls/merge/show: every file unreadable; minimize: no entry could be judged here).`;

/** `telltale-parity corpus` */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandArgs('corpus', kUsage, argv, {
    into: { type: 'string' },
    lean: { type: 'string' },
    lane: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    input: { type: 'boolean' },
  });
  if ('exitCode' in parsed) return parsed.exitCode;
  const { values, positionals } = parsed;
  const [sub, ...rest] = positionals;
  const fail = (message: string): number => usageError('corpus', kUsage, message);
  // A set-up problem, or nothing could be done: exit 2 with the reason (no usage text).
  const nothing = (message: string): number => {
    process.stderr.write(`telltale-parity corpus: ${message}\n`);
    return 2;
  };
  // The default corpus may not exist yet (nothing ever failed); a directory the user named must.
  const missing = (dirs: readonly string[]): number | null => {
    const absent = dirs.find((d) => !existsSync(d));
    return absent === undefined ? null : fail(`no corpus directory at '${absent}'`);
  };
  if (sub !== 'minimize') {
    const misplaced =
      values['dry-run'] === true
        ? '--dry-run'
        : values.lean !== undefined
          ? '--lean'
          : values.lane !== undefined
            ? '--lane'
            : null;
    if (misplaced !== null) return fail(`${misplaced} applies to minimize only`);
  }
  if (sub !== 'merge' && values.into !== undefined) return fail('--into applies to merge only');
  if (sub !== 'show' && (values.json === true || values.input === true))
    return fail(`${values.json === true ? '--json' : '--input'} applies to show only`);
  if (sub === 'show') {
    if (rest.length === 0) return fail('show needs a corpus FILE (.msgpack)');
    if (values.json === true && values.input === true) return fail('give either --json or --input, not both');
    if (values.input === true && rest.length > 1) return fail('--input prints the input of one FILE');
    const absent = rest.find((f) => !existsSync(f));
    if (absent !== undefined) return fail(`no such file '${absent}'`);
    const { showEntries } = await import('./corpusShow.js');
    return showEntries(rest, { json: values.json === true, input: values.input === true });
  }
  if (sub === 'ls') {
    if (rest.length > 1) return fail('ls takes at most one DIR');
    const absent = missing(rest);
    if (absent !== null) return absent;
    const dir = rest[0] ?? kCampaignDefaults.corpusDir;
    const { entries, problems, temps } = readCorpus(dir);
    for (const { entry, file, hash } of entries) {
      process.stdout.write(
        `${entry.property}\t${hash.slice(0, 16)}\t${entry.toolVersion}\t${file}\t${entry.failure.summary.replace(/\s+/g, ' ')}\n`,
      );
    }
    for (const p of problems) process.stderr.write(`skipped ${p.file}: ${p.message}\n`);
    for (const t of temps) process.stderr.write(`${describeTemp(t)}\n`);
    process.stdout.write(
      `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} in ${dir}${problems.length > 0 ? `, ${problems.length} unreadable` : ''}${temps.length > 0 ? `, ${temps.length} leftover temp file${temps.length === 1 ? '' : 's'}` : ''}\n`,
    );
    return entries.length === 0 && problems.length > 0
      ? nothing(`nothing could be listed: ${problems.length} unreadable (named above)`)
      : 0;
  }
  if (sub === 'merge') {
    if (rest.length === 0) return fail('merge needs at least one source DIR');
    const absent = missing(rest);
    if (absent !== null) return absent;
    const into = values.into ?? kCampaignDefaults.corpusDir;
    const unwritable = dirWriteProblem(into);
    if (unwritable !== null) return nothing(`cannot merge into '${into}': ${unwritable}`);
    const result = mergeCorpora(into, rest);
    for (const p of result.problems) process.stderr.write(`skipped ${p.file}: ${p.message}\n`);
    for (const p of result.failed) process.stderr.write(`not merged ${p.file}: ${p.message}\n`);
    for (const r of result.replaced) process.stderr.write(`replaced ${r.file}: ${r.message}\n`);
    process.stdout.write(
      `merged ${counted(rest.length, 'corpus', 'corpora')} into ${into}: ${result.added} added, ${result.duplicates} already present${result.replaced.length > 0 ? ` (${result.replaced.length} unreadable or wrong file${result.replaced.length === 1 ? '' : 's'} replaced)` : ''}${result.problems.length > 0 ? `, ${result.problems.length} unreadable` : ''}${result.failed.length > 0 ? `, ${result.failed.length} not written` : ''}\n`,
    );
    if (result.failed.length > 0)
      return nothing(`${counted(result.failed.length, 'entry', 'entries')} could not be written (named above)`);
    if (result.added + result.duplicates === 0 && result.problems.length > 0)
      return nothing(`nothing could be merged: ${result.problems.length} unreadable (named above)`);
    return 0;
  }
  if (sub === 'minimize') {
    if (rest.length > 1) return fail('minimize takes at most one DIR');
    const absent = missing(rest);
    if (absent !== null) return absent;
    const dir = rest[0] ?? kCampaignDefaults.corpusDir;
    const lanes = parseLaneArgs(values.lane ?? []);
    if (!lanes.ok) return fail(lanes.error);
    const { minimizeCorpus } = await import('../../fuzz/minimizeCorpus.js');
    const dryRun = values['dry-run'] === true;
    const result = await minimizeCorpus(dir, {
      ...(values.lean === undefined ? {} : { lean: values.lean }),
      lanes: lanes.value,
      dryRun,
    });
    const [restore, remove] = dryRun ? ['would restore', 'would remove'] : ['restored', 'removed'];
    for (const r of result.restored) process.stdout.write(`${restore} ${r.file} from ${r.from}\n`);
    for (const f of result.removedFixed) process.stdout.write(`${remove} (no longer fails) ${f}\n`);
    for (const f of result.removedDuplicates) process.stdout.write(`${remove} (duplicate) ${f}\n`);
    for (const f of result.removedTemps) process.stdout.write(`${remove} (stale temp file) ${f}\n`);
    for (const p of result.problems) process.stderr.write(`skipped ${p.file}: ${p.message}\n`);
    for (const p of result.failed) process.stderr.write(`failed ${p.file}: ${p.message}\n`);
    const temps =
      result.removedTemps.length > 0 ? ` and ${counted(result.removedTemps.length, 'stale temp file')}` : '';
    const restored = result.restored.length > 0 ? `, ${restore} ${result.restored.length}` : '';
    process.stdout.write(
      `minimize${dryRun ? ' (dry run, nothing changed)' : ''}: kept ${result.kept}, ${remove} ${result.removedFixed.length} fixed and ${counted(result.removedDuplicates.length, 'duplicate')}${temps}${restored}\n`,
    );
    if (result.failed.length > 0)
      return nothing(`${counted(result.failed.length, 'file')} could not be written or removed (named above)`);
    if (result.judged === 0) {
      const reasons = [...new Set(result.skipped.map((s) => s.reason))];
      return nothing(
        result.skipped.length > 0
          ? `no entry could be judged, so none was found fixed: ${reasons.join('; ')}`
          : `no readable corpus entries in '${dir}'${result.problems.length > 0 ? ` (${result.problems.length} unreadable, named above)` : ''}`,
      );
    }
    return 0;
  }
  return fail(sub === undefined ? 'missing subcommand (ls, show, merge or minimize)' : `unknown subcommand '${sub}'`);
}

function describeTemp(temp: CorpusTempFile): string {
  const age = formatAge(temp.ageMs);
  return temp.stale
    ? `leftover temp file ${temp.file} (${age} old, from an interrupted write; \`corpus minimize\` removes it)`
    : `leftover temp file ${temp.file} (${age} old; a writer may still be using it; \`corpus minimize\` removes it once older than ${formatAge(STALE_TEMP_MS)})`;
}

function formatAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60) > 0 ? ` ${Math.floor((s % 3600) / 60)}m` : ''}`;
}
