/**
 * The commands that reproduce a counterexample, exactly as printed: every external lane the property
 * ran is passed again (`--lane NAME=CMD`, `--lean CMD`), and every argument is quoted for a POSIX
 * shell, so a printed command works when pasted.
 */

/**
 * Quotes one argument for a POSIX shell: left alone when it has only safe characters, else wrapped
 * in single quotes (a single quote inside becomes `'\''`).
 * @example `shellQuote('buggy=node runner.mjs') // "'buggy=node runner.mjs'"`
 * @public
 */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * A command line from its arguments, each quoted with {@link shellQuote}.
 * @example `commandLine(['telltale-parity', 'replay', 'my corpus']) // "telltale-parity replay 'my corpus'"`
 * @public
 */
export function commandLine(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}

/**
 * The lane flags that give a command the lanes a property ran: `--lean CMD` for `lean`, `--lane
 * NAME=CMD` for the others, in name order.
 * @example `laneFlags({ buggy: 'node runner.mjs' }) // ['--lane', 'buggy=node runner.mjs']`
 * @public
 */
export function laneFlags(lanes: Readonly<Record<string, string>> | undefined): string[] {
  const flags: string[] = [];
  for (const name of Object.keys(lanes ?? {}).sort()) {
    const command = lanes?.[name] ?? '';
    if (name === 'lean') flags.push('--lean', command);
    else flags.push('--lane', `${name}=${command}`);
  }
  return flags;
}

/**
 * What reproduces a saved counterexample. `replay` re-checks the entry with the lanes it needs; `run`
 * (for entries whose input is a run request) runs the saved request on each lane the property
 * compared, so the two outputs can be read side by side; `show` prints the entry.
 * @example `reproduceCommands({ property: 'lane-buggy-vs-cooperative', input, lanes: { buggy: 'node r.mjs' } }, 'corpora/x.msgpack').replay`
 * @public
 */
export interface ReproduceCommands {
  readonly replay: string;
  readonly show: string;
  readonly run: readonly string[];
}

/** The lanes each built-in comparison of run requests uses (the first is always run by `run`). */
function comparedLanes(property: string, lanes: Readonly<Record<string, string>>): string[] {
  if (property === 'cooperative-vs-reference') return ['cooperative', 'reference'];
  if (property === 'cooperative-vs-threaded-n1') return ['cooperative', 'threaded'];
  if (property === 'lean-vs-cooperative') return ['cooperative', 'lean'];
  const lane = /^lane-(.+)-vs-cooperative$/.exec(property)?.[1];
  if (lane !== undefined && lane in lanes) return ['cooperative', lane];
  return [];
}

/** A run request as `telltale-parity run` reads it (the shape only; the lane checks the rest). */
function isRunRequest(input: unknown): boolean {
  return (
    typeof input === 'object' &&
    input !== null &&
    'schema_version' in input &&
    'choreographies' in input &&
    Array.isArray((input as { choreographies: unknown }).choreographies)
  );
}

/**
 * The commands that reproduce a saved entry (see {@link ReproduceCommands}), as they are printed by
 * `telltale-parity fuzz` and `telltale-parity corpus show`.
 * @param entry - The entry's property, input and lanes.
 * @param file - The corpus file.
 * @example
 * ```ts
 * reproduceCommands({ property: 'lane-buggy-vs-cooperative', input, lanes: { buggy: 'node runner.mjs' } }, 'corpora/p/ab.msgpack');
 * // { replay: "telltale-parity replay corpora/p/ab.msgpack --lane 'buggy=node runner.mjs'", … }
 * ```
 * @public
 */
export function reproduceCommands(
  entry: { readonly property: string; readonly input: unknown; readonly lanes?: Readonly<Record<string, string>> },
  file: string,
): ReproduceCommands {
  const lanes = entry.lanes ?? {};
  const replay = commandLine(['telltale-parity', 'replay', file, ...laneFlags(lanes)]);
  const show = commandLine(['telltale-parity', 'corpus', 'show', file]);
  const run = isRunRequest(entry.input)
    ? comparedLanes(entry.property, lanes).map((lane) => {
        // External lanes (the Lean runner included) with the recorded command, built-in ones by name.
        const command = lanes[lane];
        return commandLine([
          'telltale-parity',
          'run',
          file,
          '--lane',
          command === undefined ? lane : `${lane}=${command}`,
        ]);
      })
    : [];
  return { replay, show, run };
}

/**
 * The command that re-runs a campaign's case when its counterexample was not saved: the property
 * alone, with the same seed, enough `--runs` to reach its chunk, the same shard and lanes, in-process.
 * @example `rerunCommand({ property: 'json-roundtrip', chunk: 2 }, { seed: '7', chunkSize: 20 }) // 'telltale-parity fuzz --seed 7 --properties json-roundtrip --runs 60 --workers 1'`
 * @public
 */
export function rerunCommand(
  counterexample: {
    readonly property: string;
    readonly chunk: number;
    readonly lanes?: Readonly<Record<string, string>>;
  },
  campaign: { readonly seed: string; readonly chunkSize: number; readonly shard?: string | null },
): string {
  return commandLine([
    'telltale-parity',
    'fuzz',
    '--seed',
    campaign.seed,
    '--properties',
    counterexample.property,
    '--runs',
    String((counterexample.chunk + 1) * campaign.chunkSize),
    ...(campaign.shard === null || campaign.shard === undefined ? [] : ['--shard', campaign.shard]),
    '--workers',
    '1',
    ...laneFlags(counterexample.lanes),
  ]);
}
