/**
 * `telltale-parity run FILE|- [--lane NAME | --lane NAME=CMD] [--diagnostics]` (bridge.md §4.1):
 * runs one request on one lane and prints the bridge-form output as one compact line.
 * Exit 0 when an output was produced (whatever its status), 1 on a run error (the error object on
 * stderr), 2 on usage or set-up errors.
 */
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { checkRunRequestText } from '../../bridge/checkRunRequest.js';
import { laneByName, run } from '../../bridge/run.js';
import { parseLaneSpec } from '../../bridge/parseLaneSpec.js';
import { processLane } from '../../bridge/processLane.js';
import type { Lane } from '../../bridge/Lane.js';
import { stringifySorted } from '../../reference/stringifySorted.js';
import { parseCommandArgs, usageError } from '../_internals/parseCommandArgs.js';

const USAGE = `Usage: telltale-parity run FILE|- [--lane NAME | --lane NAME=CMD] [--diagnostics]

Runs one lean_bridge.v1 run request (FILE, or - for stdin) and prints the bridge-form output.
  --lane NAME        cooperative (default), reference, threaded or lean
  --lane NAME=CMD    an external runner started per request; NAME=serve:CMD keeps one --serve process
  --diagnostics      print {"diagnostics":…,"output":…} instead of the output alone
Exit codes: 0 output produced, 1 run error (error object on stderr), 2 usage or set-up error.`;

/**
 * Entry of the `run` subcommand; returns the exit code.
 * @example
 * ```ts
 * await main(['request.json', '--lane', 'reference']);
 * ```
 * @public
 */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandArgs('run', USAGE, argv, { lane: { type: 'string' }, diagnostics: { type: 'boolean' } });
  if ('exitCode' in parsed) return parsed.exitCode;
  if (parsed.positionals.length !== 1) {
    return usageError(
      'run',
      USAGE,
      parsed.positionals.length === 0
        ? 'missing FILE (use - for stdin)'
        : `expected one FILE, got ${parsed.positionals.length}`,
    );
  }
  // Exactly one positional (checked above).
  const file = parsed.positionals[0] as string;

  let lane: Lane = laneByName('cooperative');
  if (parsed.values.lane !== undefined) {
    const spec = parseLaneSpec(parsed.values.lane);
    if (!spec.ok) return usageError('run', USAGE, spec.error.message);
    lane =
      spec.value.kind === 'builtin'
        ? laneByName(spec.value.name)
        : processLane(spec.value.name, spec.value.command, { serve: spec.value.serve });
  }

  let input: string;
  try {
    input = file === '-' ? await text(process.stdin) : await readFile(file, 'utf8');
  } catch (e) {
    // readFile and stdin fail with system errors.
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    process.stderr.write(`telltale-parity run: cannot read ${file} (${code}); give a readable file or - for stdin\n`);
    return 2;
  }

  const request = checkRunRequestText(input);
  if (!request.ok) {
    process.stderr.write(`${stringifySorted(request.error)}\n`);
    return 1;
  }
  try {
    const result = await run(request.value, { lane });
    if (!result.ok) {
      process.stderr.write(`${stringifySorted(result.error)}\n`);
      // A skipped lane is a set-up problem (no Lean runner here), not a finding about the request.
      return result.error.code === 'LaneSkipped' ? 2 : 1;
    }
    const out =
      parsed.values.diagnostics === true
        ? { diagnostics: result.value.diagnostics, output: result.value.output }
        : result.value.output;
    process.stdout.write(`${stringifySorted(out)}\n`);
    return 0;
  } finally {
    await lane.close?.();
  }
}
