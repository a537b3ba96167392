import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** telltale's build path of the Lean runner under the workspace root (bridge.md §7). @internal */
export const kLeanRunnerPath = 'lean/.lake/build/bin/protocol_machine_runner';

/** Why the `lean` lane is skipped (bridge.md §7 wording; same text as the bridge's lane). @internal */
export const kLeanSkipReason = 'lean lane: no Lean runner configured or found';

/**
 * telltale's default runner under the first ancestor of `root` (≤ 5 levels up) containing
 * `lean/.lake/`, or null. The bridge has the same search (`findDefaultLeanRunner`); the plugin keeps
 * its own copy so that vitest.config.ts loads no bridge code in the config process.
 * @internal
 */
export function findLeanRunner(root: string): string | null {
  let dir = resolve(root);
  for (let level = 0; level <= 5; level += 1) {
    if (existsSync(join(dir, 'lean', '.lake'))) {
      const candidate = join(dir, kLeanRunnerPath);
      try {
        return statSync(candidate).isFile() ? candidate : null;
      } catch {
        return null;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}
