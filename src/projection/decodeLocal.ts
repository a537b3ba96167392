import type { BridgeError, DecodeErrorCode } from '../types/errors.js';
import type { Result } from '../types/result.js';
import type { LocalType } from '../types/session.js';
import { parseDocument, strictLocalValue, type StrictDecodeOptions } from './_internals/strictDecoder.js';

/**
 * Strict decoder of a local type document (projection.md §3.1). `options` is accepted for symmetry
 * with {@link decodeGlobal}; local types have no Lean-only kind.
 * @example
 * ```ts
 * decodeLocal('{"kind":"send","partner":"B","branches":[]}').ok; // true
 * ```
 * @public
 */
export function decodeLocal(
  text: string | Uint8Array,
  _options?: StrictDecodeOptions,
): Result<LocalType, BridgeError<DecodeErrorCode>> {
  const parsed = parseDocument(text, true);
  return parsed.ok ? strictLocalValue(parsed.value) : parsed;
}

/**
 * The strict local decoder applied to a parsed JSON value (no size check; depth counter applies).
 * @example
 * ```ts
 * decodeLocalValue({ kind: 'end' }); // { ok: true, value: { kind: 'end' } }
 * ```
 * @public
 */
export function decodeLocalValue(
  json: unknown,
  _options?: StrictDecodeOptions,
): Result<LocalType, BridgeError<DecodeErrorCode>> {
  return strictLocalValue(json);
}
