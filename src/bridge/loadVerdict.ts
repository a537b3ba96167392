/**
 * Load verdicts of a lane (bridge.md §1, §5.3): whether it ran a request or rejected it, and with
 * what hard-failure text. A process lane is judged on its runner's own answer, so a comparison
 * looks at these verdicts rather than at the client's idea of what the loader should say.
 */
import type { RunResult } from '../types/bridge.js';
import type { BridgeError } from '../types/errors.js';
import type { Result } from '../types/result.js';

/**
 * How a lane took a request: it ran it (`accepted`), or it rejected it. `text` is the Lean runner's
 * hard-failure message (bridge.md §1) the rejection carries: the message of a client-side or
 * in-process error, or a runner's `uncaught exception: <message>` on stderr with exit code 1; `null`
 * when the lane failed in another way (a crash, a timeout, output that does not parse), which is a
 * rejection that is no Lean hard failure.
 * @example `{ accepted: false, text: 'bad choreography image: duplicate entry-point role', error }`
 * @public
 */
export type LoadVerdict =
  { readonly accepted: true } | { readonly accepted: false; readonly text: string | null; readonly error: BridgeError };

const kUncaught = 'uncaught exception: ';

/**
 * The load verdict of a lane's result. A `ProcessFailed` with exit code 1 is the runner's hard
 * failure: its text is the last `uncaught exception: ` line of stderr (or the whole trimmed stderr);
 * every other `ProcessFailed`, `TimedOut`, `OutputTooLarge` and output `ParseError` of a process
 * carries no Lean text. Errors of in-process lanes and of the client's own checks reuse the
 * runner's texts (bridge.md §5.3), so their message is the text.
 * @param fromProcess - The result came from a process lane (its `ParseError`s are then about the
 *   runner's output, unless they are the client's pre-spawn check at a `$.…` field path).
 * @example
 * ```ts
 * loadVerdict({ ok: false, error: { code: 'ProcessFailed', path: '$', exitCode: 1,
 *   stderr: 'uncaught exception: bad choreography image: duplicate entry-point role\n', message: '…' } }, true);
 * // { accepted: false, text: 'bad choreography image: duplicate entry-point role', error: … }
 * ```
 * @public
 */
export function loadVerdict(result: Result<RunResult, BridgeError>, fromProcess = false): LoadVerdict {
  if (result.ok) return { accepted: true };
  const { error } = result;
  if (!fromProcess) return { accepted: false, text: error.message, error };
  if (error.code === 'ProcessFailed') {
    if (error.exitCode !== 1 || typeof error.stderr !== 'string') return { accepted: false, text: null, error };
    const lines = error.stderr.split('\n').map((l) => l.trimEnd());
    const uncaught = [...lines].reverse().find((l) => l.startsWith(kUncaught));
    return { accepted: false, text: uncaught?.slice(kUncaught.length) ?? error.stderr.trim(), error };
  }
  // The pre-spawn check (bridge.md §6.1) answers with a field path; the output parser always at `$`.
  if (error.code === 'ParseError' && error.path !== '$') return { accepted: false, text: error.message, error };
  return { accepted: false, text: null, error };
}

/** Hard-failure texts whose tail is a decoder's text, which is not pinned (bridge.md §1). */
const kUnpinnedPrefixes = [
  'invalid JSON: ',
  'unsupported operation: ',
  'missing choreographies: ',
  'missing concurrency: ',
  'missing max_steps: ',
  'bad choreography: ',
] as const;

/**
 * Whether two hard-failure texts say the same thing as far as bridge.md §1 pins it: texts with a
 * decoder part (`bad choreography: <e>`, `missing concurrency: <e>`, …) agree on their fixed prefix;
 * every other text (`bad choreography image: <reason>`, the loader limits) must be equal.
 * @example `sameLeanText('bad choreography: a', 'bad choreography: b') // true`
 * @public
 */
export function sameLeanText(expected: string, actual: string): boolean {
  const prefix = kUnpinnedPrefixes.find((p) => expected.startsWith(p));
  return prefix === undefined ? expected === actual : actual.startsWith(prefix);
}
