import { Tinypool } from 'tinypool';

/** The options of a pool, without `execArgv` (decided here). */
export type TinypoolStartOptions = Omit<NonNullable<ConstructorParameters<typeof Tinypool>[0]>, 'execArgv'>;

/**
 * Starts a tinypool whose threads get the process's flags as far as worker threads take them (the
 * threaded engine's pool and the fuzz workers). Left alone, a worker inherits them all, which is
 * right except for `--input-type` (a `node --input-type=module -e` script): with it every worker
 * fails at start-up (ERR_INPUT_TYPE_NOT_ALLOWED). A list given instead is checked by Node, which
 * refuses V8 and process-wide flags (`--max-old-space-size`, `--stack-size`, `--expose-gc`, ...)
 * with ERR_WORKER_INVALID_EXEC_ARGV, naming them; those already apply to the whole process,
 * threads included, so they are dropped and the pool starts again.
 * @example `const pool = startTinypool({ filename, minThreads: 2, maxThreads: 2 });`
 * @internal
 */
export function startTinypool(options: TinypoolStartOptions): Tinypool {
  if (!process.execArgv.some((a) => a.startsWith('--input-type'))) return new Tinypool(options);
  let execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
  for (;;) {
    try {
      return new Tinypool({ ...options, execArgv });
    } catch (e) {
      const refused = refusedFlags(e);
      const kept = execArgv.filter((a) => !refused.has(a));
      if (kept.length === execArgv.length) throw e;
      execArgv = kept;
    }
  }
}

/** The flags an ERR_WORKER_INVALID_EXEC_ARGV error names (none for any other error). */
function refusedFlags(e: unknown): ReadonlySet<string> {
  if (!(e instanceof Error) || (e as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return new Set();
  const listed = /flags: (.*)$/.exec(e.message)?.[1] ?? '';
  return new Set(listed.split(', '));
}
