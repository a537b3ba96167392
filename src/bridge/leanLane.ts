/**
 * The `lean` lane: ONLY a real Lean `protocol_machine_runner` (bridge.md §7). When none is configured
 * or found it is skipped with a stated reason — never replaced by another lane.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Lane } from './Lane.js';
import { kBridgeDefaults } from './bridgeDefaults.js';
import { processLane, type ProcessLaneOptions } from './processLane.js';
import { isReferenceRunnerCommand, referenceAsLeanReason } from './referenceRunnerCommand.js';

/** Options of {@link leanLane}. @public */
export interface LeanLaneOptions extends Omit<ProcessLaneOptions, 'serve'> {
  /** Runner command (one string, split without a shell). @defaultValue env `TELLTALE_LEAN_RUNNER`, else telltale's build path */
  readonly command?: string;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * telltale's default runner path under the first ancestor of `cwd` (≤ 5 levels up) that contains
 * `lean/.lake/`, or null.
 * @example `findDefaultLeanRunner('/src/telltale/rust/bridge') // '/src/telltale/lean/.lake/build/bin/protocol_machine_runner'`
 * @public
 */
export function findDefaultLeanRunner(cwd: string = process.cwd()): string | null {
  let dir = path.resolve(cwd);
  for (let up = 0; up <= 5; up += 1) {
    if (existsSync(path.join(dir, 'lean', '.lake'))) {
      const candidate = path.join(dir, kBridgeDefaults.leanRunnerPath);
      return isFile(candidate) ? candidate : null;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/**
 * The `lean` lane. Command, first found: `options.command`, env `TELLTALE_LEAN_RUNNER`, telltale's
 * `lean/.lake/build/bin/protocol_machine_runner` under the workspace root. A configured command that
 * does not resolve is `BinaryNotFound` when run. With nothing configured or found, `available()` is
 * `{ ok: false, reason: 'lean lane: no Lean runner configured or found' }` and `run` answers
 * `LaneSkipped` with that reason — unless `TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER` is set (not
 * `0`), which turns the skip into `BinaryNotFound`.
 * @example
 * ```ts
 * const lean = leanLane();
 * const a = await lean.available();
 * if (!a.ok) console.log(`skipped: ${a.reason}`);
 * ```
 * @public
 */
export function leanLane(options: LeanLaneOptions = {}): Lane {
  const env = options.env ?? process.env;
  const configured =
    options.command ??
    (env.TELLTALE_LEAN_RUNNER !== undefined && env.TELLTALE_LEAN_RUNNER.trim() !== ''
      ? env.TELLTALE_LEAN_RUNNER
      : undefined);
  const command = configured ?? findDefaultLeanRunner(options.cwd);
  if (typeof configured === 'string' && isReferenceRunnerCommand(configured, options.cwd)) {
    // Naming honesty: results of telltale-lean-ref are reference results, never Lean results.
    const reason = referenceAsLeanReason(configured);
    return {
      name: 'lean',
      available: async () => ({ ok: false, reason }),
      run: async () => ({ ok: false, error: { code: 'LaneSkipped', path: '$', skipped: reason, message: reason } }),
    };
  }
  if (command !== null) {
    const lane = processLane('lean', typeof configured === 'string' ? configured : [command], {
      ...options,
      serve: false,
    });
    // A configured lane is never skipped silently: a wrong path is BinaryNotFound, a set-up problem.
    // The Lean runner speaks the Lean texts by definition; it is judged on its own answers.
    return {
      name: 'lean',
      kind: 'process',
      leanTexts: true,
      available: () => lane.available(),
      run: (r) => lane.run(r),
      close: () => lane.close?.() ?? Promise.resolve(),
    };
  }
  const requireFlag = env.TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER?.trim() ?? '';
  const required = requireFlag !== '' && requireFlag !== '0';
  const reason = kBridgeDefaults.leanSkipReason;
  return {
    name: 'lean',
    available: async () => (required ? { ok: true } : { ok: false, reason }),
    run: async () =>
      required
        ? {
            ok: false,
            error: {
              code: 'BinaryNotFound',
              path: '$',
              binary: kBridgeDefaults.leanRunnerPath,
              message: `protocol-machine runner binary not found at ${kBridgeDefaults.leanRunnerPath}`,
            },
          }
        : { ok: false, error: { code: 'LaneSkipped', path: '$', skipped: reason, message: reason } },
  };
}
