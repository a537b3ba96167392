import type { BridgeError, DecodeErrorCode } from '../types/errors.js';
import type { Result } from '../types/result.js';
import type { GlobalType } from '../types/session.js';
import { parseDocument, strictGlobalValue, type StrictDecodeOptions } from './_internals/strictDecoder.js';

export type { StrictDecodeOptions } from './_internals/strictDecoder.js';

/**
 * Strict decoder of a global type document (projection.md §3.1): 8 MiB size limit, JSON parse,
 * fail-closed decoding with the Rust bridge's codes and a JSONPath-like `path`. Raw bytes are
 * accepted too (invalid UTF-8 reads as invalid JSON). Never throws for bad input.
 * @param text - The document, as text or bytes.
 * @param options - `allowLeanOnlyKinds` admits `delegate` (PRJ-D5).
 * @example
 * ```ts
 * const r = decodeGlobal('{"kind":"end","extra":1}');
 * // { ok: false, error: { code: 'UnexpectedField', path: '$.extra', message: "Unexpected field 'extra' in global end" } }
 * ```
 * @public
 */
export function decodeGlobal(
  text: string | Uint8Array,
  options?: StrictDecodeOptions,
): Result<GlobalType, BridgeError<DecodeErrorCode>> {
  const parsed = parseDocument(text, true);
  return parsed.ok ? strictGlobalValue(parsed.value, options) : parsed;
}

/**
 * The strict decoder (projection.md §3.1) applied to an already parsed JSON value: no size check,
 * the depth counter applies.
 * @example
 * ```ts
 * decodeGlobalValue({ kind: 'var', name: 't' }); // { ok: true, value: { kind: 'var', name: 't' } }
 * ```
 * @public
 */
export function decodeGlobalValue(
  json: unknown,
  options?: StrictDecodeOptions,
): Result<GlobalType, BridgeError<DecodeErrorCode>> {
  return strictGlobalValue(json, options);
}
