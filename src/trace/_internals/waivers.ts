import { TelltaleError } from '../../types/errors.js';
import { isExpired, todayUtc, type DeviationEntry } from '../checkDeviations.js';
import { loadDeviations } from '../loadDeviations.js';
import type { Divergence } from '../divergence.js';

/**
 * A difference that a deviation entry waived (bridge.md §9.3 step 4).
 * @public
 */
export interface Waiver {
  /** The id of the entry that waived it. */
  readonly deviation: string;
  /** The scope key of the difference (`bridge.trace.sent`, `bridge.output.status`, …). */
  readonly scope: string;
  /** The entry's revisit date has passed (it still waives under `onExpired: 'warn'`). */
  readonly expired: boolean;
  /** The waived difference. */
  readonly divergence: Divergence;
}

/** What a waiver lookup decided. @internal */
export type WaiverDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'waived'; readonly waiver: Waiver; readonly warning: string | null }
  | { readonly kind: 'expired-fail'; readonly entry: DeviationEntry };

/**
 * Turns the `deviations` option (entries or a registry path) into entries. A path that does not load
 * is a set-up error: it throws a {@link TelltaleError} naming every problem.
 * @internal
 */
export function resolveDeviations(deviations: readonly DeviationEntry[] | string | undefined | null): readonly DeviationEntry[] {
  if (deviations === undefined || deviations === null) return [];
  if (typeof deviations !== 'string') return deviations;
  const loaded = loadDeviations(deviations);
  if (!loaded.ok) {
    const lines = loaded.error.map((p) => `  ${p.entry}: ${p.message}`).join('\n');
    throw new TelltaleError('InvalidDeviationRegistry', `deviation registry ${deviations} is not usable; fix these entries (run \`telltale-parity deviations check ${deviations}\`):\n${lines}`);
  }
  return loaded.value.entries;
}

/** Whether a `covers` key covers a scope key: equal, or a dot-prefix of it. @internal */
export function covers(cover: string, scope: string): boolean {
  return scope === cover || (scope.startsWith(cover) && scope.charCodeAt(cover.length) === 46 /* '.' */);
}

/**
 * Decides whether `divergence` (scope key `scope`) is waived by one of `entries`. Only `active`
 * entries waive; expired ones warn (`onExpired: 'warn'`) or fail (`'fail'`).
 * @internal
 */
export function decideWaiver(
  entries: readonly DeviationEntry[],
  scope: string,
  divergence: Divergence,
  onExpired: 'warn' | 'fail',
  today: string = todayUtc(),
): WaiverDecision {
  for (const entry of entries) {
    if (entry.status !== 'active') continue;
    if (!entry.covers.some((c) => covers(c, scope))) continue;
    const expired = isExpired(entry, today);
    if (expired && onExpired === 'fail') return { kind: 'expired-fail', entry };
    const warning = expired
      ? `deviation ${entry.id} waived ${scope} but expired on ${entry.revisit}; revisit it and set a new date, or mark it resolved`
      : null;
    return { kind: 'waived', waiver: { deviation: entry.id, scope, expired, divergence }, warning };
  }
  return { kind: 'none' };
}
