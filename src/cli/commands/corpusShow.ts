/** `telltale-parity corpus show FILE... [--json | --input]`: print saved entries and how to reproduce them. */
import { readCorpusFile } from '../../corpus/readCorpusFile.js';
import type { LoadedCorpusEntry } from '../../corpus/types.js';
import { stringifyExact } from '../../fuzz/report/reportDocument.js';
import { reproduceCommands } from '../../fuzz/reproduce.js';
import { kNotFullyShrunk } from '../../fuzz/report/status.js';

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');
}

/** One entry as text: what failed, how it was found, the lanes, the input as JSON, the commands. */
function describe({ file, hash, entry }: LoadedCorpusEntry): string {
  const commands = reproduceCommands(entry, file);
  const found = [
    `telltale-parity ${entry.toolVersion}`,
    ...(entry.campaignSeed === undefined ? [] : [`campaign seed ${entry.campaignSeed}`]),
    `fast-check { seed: ${entry.seed}, path: "${entry.path}" }`,
    entry.fullyShrunk === false ? kNotFullyShrunk : 'fully shrunk',
  ].join(', ');
  const lanes = Object.entries(entry.lanes ?? {});
  const rows: [string, string][] = [
    ['property', entry.property],
    ['hash', hash],
    ['failure', entry.failure.summary],
    ['found by', found],
    ...lanes.map(([name, command]): [string, string] => [`lane ${name}`, command]),
    ...(entry.failure.hint === undefined ? [] : ([['hint', entry.failure.hint]] as [string, string][])),
    ...(entry.failure.divergence === null
      ? []
      : ([['divergence', stringifyExact(entry.failure.divergence)]] as [string, string][])),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    file,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    `  input (JSON; \`${commands.show} --input\` prints it alone):`,
    indent(stringifyExact(entry.input, 2), '    '),
    '  reproduce:',
    `    ${commands.replay}`,
    ...commands.run.map((c) => `    ${c}`),
    '',
  ].join('\n');
}

/**
 * Prints corpus entries: text blocks, a JSON array (`json`), or the input alone as JSON (`input`,
 * one FILE: what `telltale-parity run -` reads). Files that are not readable entries are named on
 * stderr and skipped; nothing shown is exit 2.
 * @example `await showEntries(['corpora/p/ab.msgpack'], { json: false, input: false }) // 0`
 * @internal
 */
export function showEntries(
  files: readonly string[],
  mode: { readonly json: boolean; readonly input: boolean },
): number {
  const loaded: LoadedCorpusEntry[] = [];
  for (const file of files) {
    const r = readCorpusFile(file);
    if (r.ok) loaded.push(r.value);
    else process.stderr.write(`skipped ${r.error.file}: ${r.error.message}\n`);
  }
  if (loaded.length === 0) {
    process.stderr.write(
      `telltale-parity corpus show: nothing to show: no readable corpus entry among the files given\n`,
    );
    return 2;
  }
  if (mode.input) {
    process.stdout.write(`${stringifyExact(loaded[0]?.entry.input, 2)}\n`);
    return 0;
  }
  if (mode.json) {
    const docs = loaded.map(({ file, hash, entry }) => ({
      file,
      hash,
      property: entry.property,
      failure: entry.failure,
      seed: entry.seed,
      path: entry.path,
      toolVersion: entry.toolVersion,
      campaignSeed: entry.campaignSeed ?? null,
      fullyShrunk: entry.fullyShrunk !== false,
      lanes: entry.lanes ?? {},
      commands: reproduceCommands(entry, file),
      input: entry.input,
    }));
    process.stdout.write(`${stringifyExact(docs, 2)}\n`);
    return 0;
  }
  process.stdout.write(loaded.map(describe).join('\n'));
  return 0;
}
