/**
 * Where a campaign's V8 isolates compile optimized code. By default TurboFan compiles on V8's
 * background threads, which is free while a core is idle: a 1-worker campaign's compiling runs
 * beside its cases. When the workers use every core, those threads compete with the workers for
 * the cores instead, and compiling in place measured faster: on the 2-core bench box, 2-worker
 * `--runs 2000` campaigns with `--no-concurrent-recompilation` were faster in 7 of 8 alternating
 * pairs twice (by 3.9 % and 4.9 % on average), and used less CPU.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { v8FlagGiven } from './_internals/v8FlagGiven.js';

const kFlag = '--concurrent-recompilation';

/**
 * Makes worker isolates started from now on compile optimized code on their own thread
 * (`--no-concurrent-recompilation`) when `workers` (2 or more) fill the `cores`, unless node was
 * started with its own value of the flag. Call it before the workers start; the `fuzz` command
 * does. Returns whether it set the flag.
 * @example `compileOnWorkerThreads(2); // then start 2 workers on a 2-core machine`
 * @internal
 */
export function compileOnWorkerThreads(workers: number, cores: number = availableParallelism()): boolean {
  if (!Number.isInteger(workers) || workers < 2 || workers < cores || v8FlagGiven(kFlag)) return false;
  setFlagsFromString(`--no-${kFlag.slice(2)}`);
  return true;
}
