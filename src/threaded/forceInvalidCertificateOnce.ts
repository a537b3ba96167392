let forceNext = false;

/**
 * Test hook of machine.md §11.4 check 5 (Rust `force_invalid_wave_certificate_once`): the next
 * certificate check of any threaded run fails, so that round falls back to one canonical step.
 * @example
 * ```ts
 * forceInvalidCertificateOnce();
 * const r = await runThreaded(req, { lanes: 2, mode: 'wave_parallel_extension' });
 * r.ok && r.value.diagnostics?.threaded?.certificate_fallbacks; // 1
 * ```
 * @public
 */
export function forceInvalidCertificateOnce(): void {
  forceNext = true;
}

/** Consumes the hook (engine-internal): true once after {@link forceInvalidCertificateOnce}. */
/** @internal */
export function takeForcedInvalid(): boolean {
  const f = forceNext;
  forceNext = false;
  return f;
}
