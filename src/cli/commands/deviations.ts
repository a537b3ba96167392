/**
 * `telltale-parity deviations check FILE` (bridge.md §14.1): one line `<id>: <problem>` per entry
 * that lacks a field, has a malformed field or is expired; exit 1 if there is any (the CI gate),
 * 0 when clean, 2 on usage errors or an unreadable file.
 */
import { checkDeviations, isCalendarDate } from '../../trace/checkDeviations.js';
import { parseCommandArgs, usageError } from '../_internals/parseCommandArgs.js';
import { decodeInputText, inputName, readInputBytes } from '../_internals/readInput.js';

const kUsage = [
  'Usage: telltale-parity deviations check FILE [--today YYYY-MM-DD]',
  '',
  'Validates a deviation registry (a JSON array of entries, docs/spec/bridge.md §14.1): prints `<id>: <problem>`',
  'for every entry that lacks a field, has a malformed field or is expired (revisit date passed).',
  '',
  'Options:',
  '  --today YYYY-MM-DD  date that decides expiry (default: today, UTC)',
  '  -h, --help          show this help',
  '',
  'Exit codes: 0 clean, 1 problems found, 2 usage error or unreadable file.',
].join('\n');

/** Entry point of `telltale-parity deviations`. @example `await main(['check', 'deviations.json'])` */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandArgs('deviations', kUsage, argv, { today: { type: 'string' } });
  if ('exitCode' in parsed) return parsed.exitCode;
  const [sub, file, ...rest] = parsed.positionals;
  if (sub !== 'check')
    return usageError(
      'deviations',
      kUsage,
      sub === undefined
        ? 'missing subcommand; use `deviations check FILE`'
        : `unknown subcommand '${sub}'; use \`deviations check FILE\``,
    );
  if (file === undefined) return usageError('deviations', kUsage, 'missing FILE: the path of the deviation registry');
  if (rest.length > 0) return usageError('deviations', kUsage, `unexpected argument '${String(rest[0])}'`);
  const today = parsed.values.today;
  if (today !== undefined && !isCalendarDate(today))
    return usageError('deviations', kUsage, `--today must be a calendar date YYYY-MM-DD, got '${today}'`);

  const bytes = await readInputBytes(file);
  if (!bytes.ok) {
    process.stderr.write(`telltale-parity deviations: cannot read ${inputName(file)}: ${bytes.error}\n`);
    return 2;
  }
  let json: unknown;
  try {
    const text = decodeInputText(bytes.value);
    if (!text.ok) throw new Error(text.error);
    json = JSON.parse(text.value);
  } catch (cause) {
    process.stdout.write(
      `${file}: not valid JSON (${cause instanceof Error ? cause.message : String(cause)}); the registry must be a JSON array of entries\n`,
    );
    return 1;
  }
  const { entries, problems } = checkDeviations(json, today === undefined ? {} : { today });
  for (const p of problems) process.stdout.write(`${p.entry}: ${p.message}\n`);
  if (problems.length > 0) {
    process.stderr.write(`${problems.length} problem(s) in ${file}\n`);
    return 1;
  }
  process.stderr.write(`${file}: ${entries.length} deviation entr${entries.length === 1 ? 'y' : 'ies'}, all valid\n`);
  return 0;
}
