import type { BridgeError, DecodeErrorCode } from '../types/errors.js';
import type { Result } from '../types/result.js';
import type { GlobalType } from '../types/session.js';
import { leanGlobalValue } from './_internals/leanDecoder.js';
import { parseDocument } from './_internals/strictDecoder.js';

/**
 * Lean-compatible decoder of a parsed global type (projection.md §3.2): unknown keys ignored,
 * `sort` required, `delegate` accepted, no size or depth limit, never overflows the stack.
 * @example
 * ```ts
 * decodeGlobalLean({ kind: 'end', extra: 1 }); // { ok: true, value: { kind: 'end' } }
 * ```
 * @public
 */
export function decodeGlobalLean(json: unknown): Result<GlobalType, BridgeError<DecodeErrorCode>> {
  return leanGlobalValue(json);
}

/**
 * Lean-compatible decoding from text or bytes (no size limit); invalid UTF-8 or JSON gives
 * `ExpectedObject` at `$` (projection.md §11.3, `--lean-compat`).
 * @example
 * ```ts
 * decodeGlobalLeanText('not json').ok; // false
 * ```
 * @public
 */
export function decodeGlobalLeanText(text: string | Uint8Array): Result<GlobalType, BridgeError<DecodeErrorCode>> {
  const parsed = parseDocument(text, false);
  return parsed.ok ? leanGlobalValue(parsed.value) : parsed;
}
