/**
 * One request's text in, the runner's answer out: the shared core of run mode and `--serve`
 * (bridge.md §1–2). Hard failures come back as the message Lean would throw.
 */
import { isJsonObject, memberOrNull, parseJsonText, stringifySorted } from './_internals/json.js';
import { runReference, type ReferenceOptions } from './runReference.js';
import { runReferenceOperation } from './runReferenceOperation.js';

/** The answer line (without newline), or the hard-failure message (without `uncaught exception: `). @public */
export type ReferenceAnswer =
  { readonly ok: true; readonly line: string } | { readonly ok: false; readonly message: string };

/**
 * Handles one request text exactly as `protocol_machine_runner` would: parse, route on a string
 * `operation` (bridge.md §2), else run mode; the answer is compact JSON with sorted keys (§4.7).
 * @example
 * ```ts
 * handleReferenceInput('{"choreographies":[],"concurrency":1,"max_steps":4}');
 * // { ok: true, line: '{"concurrency":1,"schema_version":"lean_bridge.v1","sessions":[],...}' }
 * ```
 * @public
 */
export function handleReferenceInput(text: string, options: ReferenceOptions = {}): ReferenceAnswer {
  const answer = answerReferenceInput(text, options);
  return answer.ok ? { ok: true, line: stringifySorted(answer.value) } : answer;
}

/**
 * {@link handleReferenceInput} with the answer as a value, for callers that stream it
 * (`writeSortedJson`) rather than build one line.
 * @example `const a = answerReferenceInput(text); if (a.ok) await writeSortedJson(process.stdout, a.value);`
 * @public
 */
export function answerReferenceInput(
  text: string,
  options: ReferenceOptions = {},
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string } {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { ok: false, message: `invalid JSON: ${parsed.message}` };
  const request = parsed.value;
  if (isJsonObject(request) && typeof request.operation === 'string') {
    const answer = runReferenceOperation(request.operation, memberOrNull(request, 'payload'));
    return answer.ok ? { ok: true, value: answer.value } : { ok: false, message: answer.error.message };
  }
  const result = runReference(request, options);
  return result.ok ? { ok: true, value: result.value.output } : { ok: false, message: result.error.message };
}
