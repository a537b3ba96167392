import { statSync } from 'node:fs';
import { TelltaleError } from '../../types/errors.js';
import { isExpired, todayUtc, type DeviationEntry } from '../checkDeviations.js';
import { loadDeviations } from '../loadDeviations.js';
import type { Divergence } from '../divergence.js';
import type { Waiver } from '../Waiver.js';

export type { Waiver } from '../Waiver.js';

const kRegistryCache = new Map<string, { readonly stamp: number; readonly entries: readonly DeviationEntry[] }>();

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
export function resolveDeviations(
  deviations: readonly DeviationEntry[] | string | undefined | null,
): readonly DeviationEntry[] {
  if (deviations === undefined || deviations === null) return [];
  if (typeof deviations !== 'string') return deviations;
  // Matchers pass the plugin's registry path on every call: reread only when the file changed.
  let stamp = -1;
  try {
    stamp = statSync(deviations).mtimeMs;
  } catch {
    // Unreadable: loadDeviations reports it below.
  }
  const cached = kRegistryCache.get(deviations);
  if (cached !== undefined && cached.stamp === stamp && stamp >= 0) return cached.entries;
  const loaded = loadDeviations(deviations);
  if (!loaded.ok) {
    const lines = loaded.error.map((p) => `  ${p.entry}: ${p.message}`).join('\n');
    throw new TelltaleError(
      'InvalidDeviationRegistry',
      `deviation registry ${deviations} is not usable; fix these entries (run \`telltale-parity deviations check ${deviations}\`):\n${lines}`,
    );
  }
  kRegistryCache.set(deviations, { stamp, entries: loaded.value.entries });
  return loaded.value.entries;
}

/** Whether a `covers` key covers a scope key: equal, or a dot-prefix of it. @internal */
export function covers(cover: string, scope: string): boolean {
  return scope === cover || (scope.startsWith(cover) && scope.charCodeAt(cover.length) === 46); /* '.' */
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
