#!/usr/bin/env node
/**
 * `telltale-parity` command line: the first positional is the subcommand; each subcommand lives in
 * its own module under `commands/` and returns its exit code (0 ok, 1 finding/failure, 2 usage or set-up).
 */
import { toolVersion } from '../version.js';
import { parseCommandArgs, usageError } from './_internals/parseCommandArgs.js';

type CommandMain = (argv: readonly string[]) => Promise<number>;

// Loaded lazily so that `telltale-parity project` does not pay for the fuzzer's imports.
const commands: Record<string, { summary: string; load: () => Promise<CommandMain> }> = {
  fuzz: {
    summary: 'run a differential fuzz campaign (default: 60 s on the built-in properties)',
    load: async () => (await import('./commands/fuzz.js')).main,
  },
  replay: {
    summary: 're-run every saved counterexample in a corpus directory',
    load: async () => (await import('./commands/replay.js')).main,
  },
  corpus: {
    summary: 'corpus ls | show FILE | merge DIR... | minimize [DIR]',
    load: async () => (await import('./commands/corpus.js')).main,
  },
  project: {
    summary: 'project a global type on its roles (docs/spec/projection.md §11.3)',
    load: async () => (await import('./commands/project.js')).main,
  },
  run: {
    summary: 'run a lean_bridge.v1 request on a lane and print the bridge-form output',
    load: async () => (await import('./commands/run.js')).main,
  },
  deviations: {
    summary: 'deviations check FILE: validate a deviation registry',
    load: async () => (await import('./commands/deviations.js')).main,
  },
  heap: {
    summary: 'heap check FILE...: replay heap vector files',
    load: async () => (await import('./commands/heap.js')).main,
  },
  validate: {
    summary: 'validate FILE...: check artifacts strictly against the bridge contract',
    load: async () => (await import('./commands/validate.js')).main,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: telltale-parity <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `telltale-parity <command> --help` for the options of a command.',
    'Exit codes: 0 ok, 1 counterexample / failure, 2 usage or set-up error or nothing checked,',
    '130/143 interrupted (SIGINT/SIGTERM). The rule: docs/cli.md#exit-codes-one-rule',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  // Flags before the command word are the top level's (--help, --version); the rest is the command's.
  const at = argv.findIndex((arg) => !arg.startsWith('-'));
  const globals = parseCommandArgs('', usage(), at === -1 ? argv : argv.slice(0, at), {
    version: { type: 'boolean', short: 'v' },
  });
  if ('exitCode' in globals) return globals.exitCode;
  if (globals.values.version === true) {
    process.stdout.write(`${toolVersion()}\n`);
    return 0;
  }
  const [first, ...rest] = at === -1 ? [] : argv.slice(at);
  if (first === undefined || first === 'help') {
    process.stdout.write(`${usage()}\n`);
    return first === undefined ? 2 : 0;
  }
  const command = commands[first];
  if (command === undefined) return usageError('', usage(), `unknown command '${first}'`);
  return (await command.load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // An interrupted command (128 + signal) may leave an abandoned check behind: end once the output is out.
    if (code >= 128) process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  },
  (error: unknown) => {
    // Last resort: a bug in a command. Say so plainly, without a stack trace unless asked for.
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'InternalError';
    const message = error instanceof Error ? error.message : String(error);
    // Node's messages often start with their code already ("ENOENT: no such file…"): say it once.
    process.stderr.write(`telltale-parity: ${message.startsWith(`${code}:`) ? message : `${code}: ${message}`}\n`);
    if (process.env.TELLTALE_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    process.exitCode = 2;
  },
);
