import { resolveBinary } from '../process/resolveBinary.js';
import { splitCommand } from '../process/splitCommand.js';
import { loadDeviations } from '../trace/loadDeviations.js';
import { TelltaleError } from '../types/errors.js';
import type { ResolvedParityOptions } from './options.js';
import type { EnvironmentVariables } from '../types/environment.js';

/**
 * The start-up checks of the Vitest plugin, run once when Vitest loads the config, so that a bad
 * set-up is reported there rather than inside every matcher call or as silently skipped Lean tests:
 * - the `deviations` registry must be readable and valid (bridge.md §14.1); otherwise this throws a
 *   `TelltaleError` (`InvalidDeviationRegistry`) listing every problem;
 * - a configured `leanRunner` (option or `TELLTALE_LEAN_RUNNER`) that does not resolve to a file is a
 *   warning: the lane stays configured, and its runs answer `BinaryNotFound` (bridge.md §7);
 * - expired deviation entries are a warning (they still waive, per `onExpired`).
 *
 * @param options - The resolved plugin options.
 * @param context - Project root (relative runner paths resolve against it) and environment (`PATH`).
 * @returns The warnings to show, one sentence each.
 * @example
 * ```ts
 * const { warnings } = checkParityStartup(resolveParityOptions(options, { root }), { root });
 * for (const w of warnings) console.warn(`telltale-parity: ${w}`);
 * ```
 * @public
 */
export function checkParityStartup(
  options: ResolvedParityOptions,
  context: { root?: string; env?: EnvironmentVariables } = {},
): { readonly warnings: readonly string[] } {
  const warnings: string[] = [];
  if (options.deviations !== null) {
    const loaded = loadDeviations(options.deviations);
    if (!loaded.ok) {
      const lines = loaded.error.map((p) => `  ${p.entry}: ${p.code} at ${p.path}: ${p.message}`).join('\n');
      throw new TelltaleError(
        'InvalidDeviationRegistry',
        `telltaleParity({ deviations }): the registry ${options.deviations} is not usable; fix it (run \`telltale-parity deviations check ${options.deviations}\`):\n${lines}`,
        { path: '$.deviations' },
      );
    }
    for (const p of loaded.value.problems)
      warnings.push(`deviation ${p.entry} in ${options.deviations}: ${p.message} (onExpired: '${options.onExpired}')`);
  }
  if (options.leanRunner !== null) {
    const program = splitCommand(options.leanRunner)[0] ?? '';
    if (resolveBinary(program, context.root, context.env) === null) {
      warnings.push(
        `leanRunner '${options.leanRunner}' does not resolve to a file (${program === '' ? 'empty command' : `'${program}' not found`}); the lean lane stays configured and its runs will fail with BinaryNotFound. Fix the path, or unset it to skip Lean tests with a reason.`,
      );
    }
  }
  return { warnings };
}
