/**
 * What the plugin records on a parity test it skips (Vitest task meta, read by the end-of-run
 * summary): the kind of test and the reason, which already says what to configure.
 * @internal
 */
export interface ParitySkip {
  /** `lean`: a Lean test or suite without a runner; `corpus`: a corpus entry that cannot be judged here. */
  readonly kind: 'lean' | 'corpus';
  readonly reason: string;
}

declare module '@vitest/runner' {
  interface TaskMeta {
    /** Set by telltale-parity on a parity test it skipped (see the plugin's end-of-run summary). */
    telltaleParitySkip?: ParitySkip;
  }
}
