/**
 * `telltale-parity run FILE|- [--lane NAME | --lane NAME=CMD] [--diagnostics]` (bridge.md §4.1):
 * runs one request on one lane and prints the bridge-form output as one compact line.
 * Exit 0 when an output was produced (whatever its status), 1 on a run error (the error object on
 * stderr), 2 on usage or set-up errors.
 */
import { parseRunRequestText } from '../../bridge/checkRunRequest.js';
import { laneByName } from '../../bridge/run.js';
import { parseLaneSpec } from '../../bridge/parseLaneSpec.js';
import { processLane } from '../../bridge/processLane.js';
import type { Lane } from '../../bridge/Lane.js';
import { stringifySorted } from '../../reference/stringifySorted.js';
import { writeSortedJson } from '../../reference/writeSortedJson.js';
import { parseCommandArgs, usageError } from '../_internals/parseCommandArgs.js';
import { decodeInputText, inputName, readInputBytes } from '../_internals/readInput.js';
import { decodeCorpusEntry } from '../../corpus/encodeCorpusEntry.js';
import { commandLine } from '../../fuzz/reproduce.js';

// Errors that say nothing about the request: the lane could not run it at all.
const kSetUpCodes: ReadonlySet<string> = new Set(['LaneSkipped', 'BinaryNotFound']);

const USAGE = `Usage: telltale-parity run FILE|- [--lane NAME | --lane NAME=CMD] [--diagnostics]

Runs one lean_bridge.v1 run request (FILE, or - for stdin) and prints the bridge-form output.
FILE may also be a saved corpus entry (.msgpack) whose input is a run request.
  --lane NAME        cooperative (default), reference, threaded or lean
  --lane NAME=CMD    an external runner started per request; NAME=serve:CMD keeps one --serve process
                     (the request goes to it as given: only its schema_version is checked first)
  --diagnostics      print {"diagnostics":…,"output":…} instead of the output alone
Exit codes: 0 output produced, 1 run error about the request (error object on stderr; also a FILE that
is not a run request), 2 usage or set-up error (unreadable FILE, a lane that is not available or whose
runner cannot be started).`;

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
        : processLane(spec.value.name, spec.value.command, {
            serve: spec.value.serve,
            ...(spec.value.leanTexts ? { leanTexts: true } : {}),
          });
  }

  const bytes = await readInputBytes(file);
  if (!bytes.ok) {
    process.stderr.write(
      `telltale-parity run: cannot read ${inputName(file)}: ${bytes.error}; give a readable file or - for stdin\n`,
    );
    return 2;
  }
  const request = requestOf(file, bytes.value);
  if (!request.ok) {
    process.stderr.write(`${stringifySorted(request.error)}\n`);
    return 1;
  }
  try {
    // A lane that is absent (no Lean runner) or cannot start (missing or unexecutable runner) is a
    // set-up problem, not a finding about the request: exit 2 with the error object.
    const availability = await lane.available();
    if (!availability.ok) {
      const error = availability.error ?? {
        code: 'LaneSkipped',
        path: '$',
        skipped: availability.reason,
        message: availability.reason,
      };
      process.stderr.write(`${stringifySorted(error)}\n`);
      return 2;
    }
    // Each lane judges the request itself (a rejected request is a run error, exit 1): the in-process
    // lanes apply the client-side checks of bridge.md §5.3, a process lane sends it to its runner
    // after only the §6.1 pre-spawn check. Checking here too would also load a deep choreography twice.
    const result = await lane.run(request.value);
    if (!result.ok) {
      process.stderr.write(`${stringifySorted(result.error)}\n`);
      return kSetUpCodes.has(result.error.code) ? 2 : 1;
    }
    const out =
      parsed.values.diagnostics === true
        ? { diagnostics: result.value.diagnostics, output: result.value.output }
        : result.value.output;
    // Streamed chunk by chunk: an output of hundreds of megabytes is never one string.
    await writeSortedJson(process.stdout, out);
    return 0;
  } finally {
    await lane.close?.();
  }
}

/** MessagePack maps start with one of these bytes; JSON text never does. */
function looksLikeMessagePack(bytes: Uint8Array): boolean {
  const first = bytes[0];
  return first !== undefined && ((first >= 0x80 && first <= 0x8f) || first === 0xde || first === 0xdf);
}

/**
 * The request in FILE: JSON text under the one input rule, or the input of a saved corpus entry
 * (what `telltale-parity fuzz` saved), when that input is a run request.
 */
function requestOf(
  file: string,
  bytes: Uint8Array,
): { ok: true; value: unknown } | { ok: false; error: { code: string; path: string; message: string } } {
  if (looksLikeMessagePack(bytes)) {
    const decoded = decodeCorpusEntry(bytes);
    if (!decoded.ok) return { ok: false, error: decoded.error };
    const { property, input } = decoded.value;
    const isRequest =
      typeof input === 'object' && input !== null && 'schema_version' in input && 'choreographies' in input;
    if (!isRequest)
      return {
        ok: false,
        error: {
          code: 'ParseError',
          path: '$.payload.input',
          message: `${inputName(file)} is a corpus entry of property '${property}', whose input is not a run request; replay it with \`${commandLine(['telltale-parity', 'replay', file])}\` or print it with \`${commandLine(['telltale-parity', 'corpus', 'show', file])}\``,
        },
      };
    return { ok: true, value: input };
  }
  const text = decodeInputText(bytes);
  if (!text.ok) return { ok: false, error: { code: 'ParseError', path: '$', message: `invalid JSON: ${text.error}` } };
  return parseRunRequestText(text.value);
}
