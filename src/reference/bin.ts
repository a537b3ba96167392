#!/usr/bin/env node
/**
 * `telltale-lean-ref`: drop-in for telltale's Lean executables, dispatched on its arguments
 * (bridge.md §1): none = run mode, `--serve` = line mode, `heap-parity PATH`, the validator
 * patterns, anything else = usage on stdout and exit 1.
 */
import { text } from 'node:stream/consumers';
import { answerReferenceInput } from './handleReferenceInput.js';
import { writeSortedJson } from './writeSortedJson.js';
import { resolveMaxOutputBytes } from '../types/outputBudget.js';
import { runHeapParity } from './heapParity.js';
import { serveReference } from './serveReference.js';
import { isValidatorInvocation, runValidator } from './validator.js';

const USAGE = [
  'Usage: telltale-lean-ref                 run one lean_bridge.v1 request from stdin (protocol_machine_runner)',
  '       telltale-lean-ref --serve         one request per stdin line, one answer line each',
  '       telltale-lean-ref heap-parity PATH   heap_parity_runner on a heap_parity.v1 fixture',
  '       telltale-lean-ref --export-projection G --role R --output O',
  '       telltale-lean-ref --export-all-projections G --output O',
  '       telltale-lean-ref --check-async-subtype SUB SUP --output O',
  '       telltale-lean-ref --choreography G --program P [--log L] [--json-log J]',
].join('\n');

async function runMode(): Promise<number> {
  const answer = answerReferenceInput(await text(process.stdin), { maxOutputBytes: runnerOutputLimit() });
  if (!answer.ok) {
    // What the Lean runtime prints for an IO error thrown out of main; stdout stays empty.
    process.stderr.write(`uncaught exception: ${answer.message}\n`);
    return 1;
  }
  await writeSortedJson(process.stdout, answer.value);
  return 0;
}

/**
 * The runner's own output limit, the one every lane has (TELLTALE_PARITY_MAX_OUTPUT_BYTES, else
 * 256 MiB): past it the run stops with a hard failure (`uncaught exception: protocol-machine runner
 * output exceeds N bytes`, exit 1) instead of exhausting memory. Its output is known only once the run
 * ends (sorted keys put `status` first), so it cannot be cut by the client's stdout limit first.
 * The answer is streamed, never one string.
 */
function runnerOutputLimit(): number {
  return resolveMaxOutputBytes(undefined);
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0) return runMode();
  if (argv.length === 1 && argv[0] === '--serve')
    return serveReference(process.stdin, process.stdout, process.stderr, { maxOutputBytes: runnerOutputLimit() });
  if (argv[0] === 'heap-parity' && argv.length >= 2) return runHeapParity(argv.slice(1));
  if (isValidatorInvocation(argv)) return runValidator(argv);
  process.stdout.write(`${USAGE}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not bad input: still no stack trace unless asked for.
    process.stderr.write(`uncaught exception: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.TELLTALE_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    process.exitCode = 1;
  },
);
