import { isAbsolute, resolve } from 'node:path';
import { TelltaleError } from '../types/errors.js';
import { DETERMINISM_PROFILES, type DeterminismProfile } from '../trace/determinismProfile.js';
import { didYouMean } from './_internals/didYouMean.js';
import { findLeanRunner, kLeanSkipReason } from './_internals/findLeanRunner.js';
import { isReferenceRunnerCommand, referenceAsLeanReason } from '../bridge/referenceRunnerCommand.js';
import type { EnvironmentVariables } from '../types/environment.js';

/**
 * Options of the Vitest plugin `telltaleParity(options)`; all optional, defaults in
 * {@link kParityDefaults}. Everything here is serialisable: it travels to the test workers through
 * `test.provide` and is read back with `inject('telltaleParity')`.
 * @example
 * ```ts
 * telltaleParity({ leanRunner: '/opt/telltale/lean/.lake/build/bin/protocol_machine_runner', profile: 'ModuloCommutativity' });
 * ```
 * @public
 */
export interface TelltaleParityOptions {
  /**
   * Command of the `lean` lane: a real Lean runner only (bridge.md §7). When unset: env
   * `TELLTALE_LEAN_RUNNER`, else telltale's build path `lean/.lake/build/bin/protocol_machine_runner`
   * under the first ancestor of the project root (≤ 5 levels up) that has `lean/.lake/`; else the lane
   * is absent and tests that need it are skipped with a reason. Never replaced by the reference runner.
   * @defaultValue `null`
   */
  readonly leanRunner?: string | null;
  /** Default determinism profile of `toBeObservationallyEquivalent` (bridge.md §10). @defaultValue `'Full'` */
  readonly profile?: DeterminismProfile;
  /** Default tick mode of `toBeObservationallyEquivalent` (bridge.md §9.2). @defaultValue `'per-session'` */
  readonly ticks?: 'per-session' | 'exact';
  /** Deviation registry file (bridge.md §14.1) used for waivers by the matchers, relative to the project root. @defaultValue `null` */
  readonly deviations?: string | null;
  /** What an expired deviation does in the matchers. @defaultValue `'warn'` */
  readonly onExpired?: 'warn' | 'fail';
  /** Corpus directory of saved counterexamples, relative to the project root. @defaultValue `'corpora'` */
  readonly corpusDir?: string;
  /** fast-check `numRuns` for property tests in the workers (`fc.configureGlobal`). @defaultValue `100` */
  readonly numRuns?: number;
  /** fast-check seed for property tests; `null` keeps fast-check's own (random) seed. @defaultValue `null` */
  readonly seed?: number | null;
}

/**
 * The options after {@link resolveParityOptions}: every field set, paths absolute.
 * @public
 */
export interface ResolvedParityOptions {
  /** Command of the `lean` lane, or `null` when there is none (the lane is skipped). */
  readonly leanRunner: string | null;
  /** `TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER` set (not `0`): a missing runner fails instead of skipping. */
  readonly requireLeanRunner: boolean;
  /** Why the `lean` lane is skipped (bridge.md §7 wording). */
  readonly leanSkipReason: string;
  readonly profile: DeterminismProfile;
  readonly ticks: 'per-session' | 'exact';
  readonly deviations: string | null;
  readonly onExpired: 'warn' | 'fail';
  readonly corpusDir: string;
  readonly numRuns: number;
  readonly seed: number | null;
}

/** The one defaults constant of the plugin options. @public */
export const kParityDefaults = {
  leanRunner: null,
  profile: 'Full',
  ticks: 'per-session',
  deviations: null,
  onExpired: 'warn',
  corpusDir: 'corpora',
  numRuns: 100,
  seed: null,
  leanSkipReason: kLeanSkipReason,
} as const;

/** Every option name, for the start-up check that names unknown ones (a typo must not silently pick a default). */
const kOptionNames: readonly (keyof TelltaleParityOptions)[] = Object.keys({
  leanRunner: true,
  profile: true,
  ticks: true,
  deviations: true,
  onExpired: true,
  corpusDir: true,
  numRuns: true,
  seed: true,
  // Object.keys widens to string[]; the literal lists exactly the keys (`satisfies` checks it).
} satisfies Record<keyof TelltaleParityOptions, true>) as (keyof TelltaleParityOptions)[];

function bad(field: string, message: string): never {
  throw new TelltaleError('InvalidOption', `telltaleParity({ ${field} }): ${message}`, { path: `$.${field}` });
}

/**
 * Completes plugin options with {@link kParityDefaults}, the environment (`TELLTALE_LEAN_RUNNER`,
 * `TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER`) and the Lean runner search of bridge.md §7. Throws a
 * `TelltaleError` naming the option: `InvalidOption` with the accepted values, or `UnknownOption`
 * (a misspelt name, with a "did you mean").
 *
 * @param options - What the user passed to `telltaleParity()`.
 * @param context - Project root (relative paths resolve against it) and environment.
 * @example
 * ```ts
 * resolveParityOptions({ numRuns: 20 }, { root: process.cwd() }).numRuns; // 20
 * ```
 * @public
 */
export function resolveParityOptions(
  options: TelltaleParityOptions = {},
  context: { root?: string; env?: EnvironmentVariables } = {},
): ResolvedParityOptions {
  const root = context.root ?? process.cwd();
  const env = context.env ?? process.env;
  if (options === null || typeof options !== 'object') bad('options', 'pass an options object or nothing');
  for (const key of Object.keys(options)) {
    // Widened so that any key can be looked up; `includes` only compares.
    if ((kOptionNames as readonly string[]).includes(key)) continue;
    const guess = didYouMean(key, kOptionNames);
    throw new TelltaleError(
      'UnknownOption',
      `telltaleParity({ ${key} }): unknown option${guess === null ? '' : `; did you mean '${guess}'?`} The options are ${kOptionNames.join(', ')}.`,
      { path: `$.${key}` },
    );
  }
  const profile = options.profile ?? kParityDefaults.profile;
  if (!DETERMINISM_PROFILES.includes(profile))
    bad('profile', `unknown profile ${JSON.stringify(profile)}; use one of ${DETERMINISM_PROFILES.join(', ')}`);
  const ticks = options.ticks ?? kParityDefaults.ticks;
  if (ticks !== 'per-session' && ticks !== 'exact')
    bad('ticks', `use 'per-session' or 'exact', got ${JSON.stringify(ticks)}`);
  const onExpired = options.onExpired ?? kParityDefaults.onExpired;
  if (onExpired !== 'warn' && onExpired !== 'fail')
    bad('onExpired', `use 'warn' or 'fail', got ${JSON.stringify(onExpired)}`);
  const numRuns = options.numRuns ?? kParityDefaults.numRuns;
  if (!Number.isSafeInteger(numRuns) || numRuns < 1)
    bad('numRuns', `must be a positive integer, got ${JSON.stringify(numRuns)}`);
  const seed = options.seed ?? kParityDefaults.seed;
  if (seed !== null && !Number.isSafeInteger(seed))
    bad('seed', `must be an integer or null, got ${JSON.stringify(seed)}`);
  const str = (field: string, v: unknown): void => {
    if (v !== undefined && v !== null && (typeof v !== 'string' || v.trim() === ''))
      bad(field, `must be a non-empty string, got ${JSON.stringify(v)}`);
  };
  str('leanRunner', options.leanRunner);
  str('deviations', options.deviations);
  str('corpusDir', options.corpusDir);
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(root, p));
  const envRunner =
    env.TELLTALE_LEAN_RUNNER !== undefined && env.TELLTALE_LEAN_RUNNER.trim() !== '' ? env.TELLTALE_LEAN_RUNNER : null;
  const require = env.TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER;
  const leanRunner = options.leanRunner ?? envRunner ?? findLeanRunner(root);
  // Naming honesty: telltale-lean-ref configured as the Lean runner would report reference results as Lean.
  const refused = leanRunner !== null && isReferenceRunnerCommand(leanRunner, root);
  return {
    leanRunner: refused ? null : leanRunner,
    requireLeanRunner: require !== undefined && require !== '0',
    leanSkipReason: refused ? referenceAsLeanReason(leanRunner) : kParityDefaults.leanSkipReason,
    profile,
    ticks,
    deviations: options.deviations === undefined || options.deviations === null ? null : abs(options.deviations),
    onExpired,
    corpusDir: abs(options.corpusDir ?? kParityDefaults.corpusDir),
    numRuns,
    seed,
  };
}
