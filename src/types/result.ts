/**
 * The result of every fallible library function (projection.md §1): data, never a throw.
 *
 * @example
 * ```ts
 * const r = decodeGlobal('{"kind":"end"}');
 * if (r.ok) console.log(r.value); else console.error(r.error.code, r.error.path);
 * ```
 * @public
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Builds a successful {@link Result}. @example `ok(42)` @public */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Builds a failed {@link Result}. @example `err({ code: 'InvalidKind', path: '$.kind', message: '…' })` @public */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
