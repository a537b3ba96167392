import { parseArgs, type ParseArgsConfig } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type WithHelp<O extends OptionsConfig> = O & { help: { type: 'boolean'; short: 'h' } };
type Parsed<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; strict: true; allowPositionals: true; options: WithHelp<O> }>
>;

/**
 * The argument handling every subcommand (and the top level, `command` = `''`) shares: strict
 * `parseArgs` with positionals (values stay strings, `-` is kept), `--help`/`-h` printing the usage on
 * stdout (exit 0), and a parse error printed as `telltale-parity <command>: <message>` plus the usage
 * on stderr (exit 2) — never a stack trace.
 * @returns The parsed values, or the exit code when the command is already answered.
 * @example
 * ```ts
 * const args = parseCommandArgs('run', kUsage, argv, { lane: { type: 'string' } });
 * if ('exitCode' in args) return args.exitCode;
 * ```
 * @internal
 */
export function parseCommandArgs<const O extends OptionsConfig>(
  command: string,
  usage: string,
  argv: readonly string[],
  options: O,
): Parsed<O> | { readonly exitCode: number } {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs<{ args: string[]; strict: true; allowPositionals: true; options: WithHelp<O> }>({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (cause) {
    return { exitCode: usageError(command, usage, cause instanceof Error ? cause.message : String(cause)) };
  }
  // `help` is added to every command's options above; the generic type cannot see it.
  if ((parsed.values as { help?: unknown }).help === true) {
    process.stdout.write(`${usage}\n`);
    return { exitCode: 0 };
  }
  return parsed;
}

/**
 * Prints a usage error of a subcommand and returns exit code 2.
 * @example `return usageError('run', kUsage, 'expected one FILE')`
 * @internal
 */
export function usageError(command: string, usage: string, message: string): number {
  process.stderr.write(`${commandName(command)}: ${message}\n\n${usage}\n`);
  return 2;
}

/**
 * How messages name the command: `telltale-parity run`, or `telltale-parity` for the top level.
 * @example `commandName('heap check') // 'telltale-parity heap check'`
 * @internal
 */
export function commandName(command: string): string {
  return command === '' ? 'telltale-parity' : `telltale-parity ${command}`;
}
