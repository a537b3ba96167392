import type { ParitySkip } from './_internals/skipMeta.js';

/** How the summary names a group of skipped parity tests. */
const kWhat: Readonly<Record<ParitySkip['kind'], [string, string]>> = {
  lean: ['Lean test', 'Lean tests'],
  corpus: ['corpus entry', 'corpus entries'],
};

/**
 * The one line the plugin prints at the end of a Vitest run when it skipped parity tests: how many,
 * grouped by kind and reason, each reason saying what to configure. `null` when none was skipped.
 * @param skips - The recorded skip of every skipped parity test.
 * @example
 * ```ts
 * paritySkipSummary([{ kind: 'lean', reason: 'lean lane: no Lean runner configured or found' }]);
 * // 'telltale-parity: 1 parity test skipped: 1 Lean test (lean lane: no Lean runner configured or found; set telltaleParity({ leanRunner }) in vitest.config.ts or TELLTALE_LEAN_RUNNER)'
 * ```
 * @public
 */
export function paritySkipSummary(skips: readonly ParitySkip[]): string | null {
  if (skips.length === 0) return null;
  const groups = new Map<string, { kind: ParitySkip['kind']; reason: string; count: number }>();
  for (const skip of skips) {
    const key = `${skip.kind}\u0000${skip.reason}`;
    const group = groups.get(key) ?? { kind: skip.kind, reason: skip.reason, count: 0 };
    group.count += 1;
    groups.set(key, group);
  }
  const parts = [...groups.values()].map(({ kind, reason, count }) => {
    const [one, many] = kWhat[kind];
    return `${count} ${count === 1 ? one : many} (${withAdvice(kind, reason)})`;
  });
  return `telltale-parity: ${skips.length} parity test${skips.length === 1 ? '' : 's'} skipped: ${parts.join('; ')}`;
}

// A Lean skip reason says what is missing; the summary adds where to configure it (plugin words).
function withAdvice(kind: ParitySkip['kind'], reason: string): string {
  if (kind !== 'lean' || /leanRunner|TELLTALE_LEAN_RUNNER/.test(reason)) return reason;
  return `${reason}; set telltaleParity({ leanRunner }) in vitest.config.ts or TELLTALE_LEAN_RUNNER`;
}
