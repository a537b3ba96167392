import type { BridgeError, DecodeErrorCode } from '../types/errors.js';
import type { Result } from '../types/result.js';
import type { LocalType } from '../types/session.js';
import { leanLocalValue } from './_internals/leanDecoder.js';
import { parseDocument } from './_internals/strictDecoder.js';

/**
 * Lean-compatible decoder of a parsed local type (projection.md §3.2).
 * @example
 * ```ts
 * decodeLocalLean({ kind: 'var', name: 't', note: 'ignored' }); // { ok: true, value: { kind: 'var', name: 't' } }
 * ```
 * @public
 */
export function decodeLocalLean(json: unknown): Result<LocalType, BridgeError<DecodeErrorCode>> {
  return leanLocalValue(json);
}

/**
 * Lean-compatible local decoding from text or bytes (no size limit).
 * @example
 * ```ts
 * decodeLocalLeanText('{"kind":"end"}'); // { ok: true, value: { kind: 'end' } }
 * ```
 * @public
 */
export function decodeLocalLeanText(text: string | Uint8Array): Result<LocalType, BridgeError<DecodeErrorCode>> {
  const parsed = parseDocument(text, false);
  return parsed.ok ? leanLocalValue(parsed.value) : parsed;
}
