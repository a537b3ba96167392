import { availableParallelism } from 'node:os';
import { TelltaleError } from '../types/errors.js';
import type { LaneSpec } from './_internals/createContext.js';
import { resolveProperties } from './_internals/resolveProperties.js';
import { normalizeSeed } from './_internals/seeds.js';
import { kCampaignDefaults, maxWorkers, workersProblem } from './campaignDefaults.js';
import { dirWriteProblem, fileWriteProblem } from '../corpus/writeProblem.js';
import { poolDirOf } from '../corpus/mergeCorpora.js';
import type { AnyFuzzProperty, CampaignOptions } from './types.js';

/**
 * {@link CampaignOptions} after {@link resolveCampaignOptions}: every field set, the budget decided
 * (`runs` or `timeMs`, never both), the properties selected.
 * @example `resolveCampaignOptions({ runs: 10 }).timeMs // null`
 * @public
 */
export interface ResolvedCampaignOptions {
  /** The campaign seed as text (a time-based one when none was given). */
  readonly seed: string;
  /** Cases per property, or `null` when the budget is time. */
  readonly runs: number | null;
  /** Time budget in ms, or `null` when the budget is `runs`. */
  readonly timeMs: number | null;
  readonly chunkSize: number;
  readonly chunkTimeoutMs: number;
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly corpusDir: string | null;
  /** Worker threads; 1 for an in-process campaign (planted implementations or extra properties). */
  readonly workers: number;
  /** External lanes: the `lean` command and the `--lane NAME=CMD` lanes. */
  readonly lanes: LaneSpec;
  /** The selected properties, in registry order. */
  readonly properties: readonly AnyFuzzProperty[];
  readonly implementations: NonNullable<CampaignOptions['implementations']>;
  /** Report files to write (empty: none). */
  readonly reports: readonly string[];
  readonly onProgress: NonNullable<CampaignOptions['onProgress']> | null;
  /** Swarm configurations per chunk (else plain). */
  readonly swarm: boolean;
  /** The bandit steers the configurations: only with a time budget (never with `runs`). */
  readonly feedback: boolean;
  /** The seed pool's folder, or `null`. */
  readonly poolDir: string | null;
}

function usage(message: string): never {
  throw new TelltaleError('UsageError', message);
}

/**
 * Completes campaign options with {@link kCampaignDefaults} and checks them: a non-negative integer
 * `runs`, a non-negative `timeMs`, a positive integer `chunkSize`, a shard `i/n` with `1 <= i <= n`,
 * known property ids, at most `maxWorkers()` workers, and a report file and corpus directory that can
 * be written (checked before the campaign, so its results are never lost to a bad path). Throws a `TelltaleError` (`UsageError`, the same code the CLI prints) saying what
 * to fix.
 * @param options - What the caller passed to `runCampaign`.
 * @example
 * ```ts
 * const resolved = resolveCampaignOptions({ seed: 42, runs: 200, properties: ['json-roundtrip'] });
 * resolved.properties.map((p) => p.id); // ['json-roundtrip']
 * ```
 * @public
 */
export function resolveCampaignOptions(options: CampaignOptions = {}): ResolvedCampaignOptions {
  const seed = normalizeSeed(options.seed);
  const runs = options.runs ?? null;
  if (runs !== null && (!Number.isInteger(runs) || runs < 0))
    usage(`runs must be a non-negative integer, got ${String(runs)}`);
  const timeMs = runs === null ? (options.timeMs ?? kCampaignDefaults.timeMs) : null;
  if (timeMs !== null && (!Number.isFinite(timeMs) || timeMs < 0))
    usage(`time budget must be a non-negative number of ms, got ${String(timeMs)}`);
  const chunkSize = options.chunkSize ?? kCampaignDefaults.chunkSize;
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    usage(`chunkSize must be a positive integer, got ${String(chunkSize)}`);
  const shard = options.shard ?? null;
  if (
    shard !== null &&
    (!Number.isInteger(shard.count) ||
      shard.count < 1 ||
      !Number.isInteger(shard.index) ||
      shard.index < 1 ||
      shard.index > shard.count)
  ) {
    usage(`shard must be i/n with 1 <= i <= n, got ${shard.index}/${shard.count}`);
  }
  const lanes: LaneSpec = { lean: options.lean ?? null, lanes: { ...(options.lanes ?? {}) } };
  const inProcess = options.implementations !== undefined || (options.extraProperties?.length ?? 0) > 0;
  const requestedWorkers = options.workers ?? Math.min(availableParallelism(), maxWorkers());
  const tooMany = options.workers === undefined || options.workers <= 1 ? null : workersProblem(options.workers);
  if (tooMany !== null) usage(tooMany);
  const corpusDir = options.corpusDir === undefined ? kCampaignDefaults.corpusDir : options.corpusDir;
  // Checked before the campaign: its results must not be lost to a path that cannot be written.
  const reports =
    options.report === undefined ? [] : typeof options.report === 'string' ? [options.report] : [...options.report];
  for (const file of reports) {
    const problem = fileWriteProblem(file);
    if (problem !== null) usage(`cannot write the report to '${file}': ${problem}`);
  }
  if (corpusDir !== null) {
    const problem = dirWriteProblem(corpusDir);
    if (problem !== null) usage(`cannot save counterexamples into '${corpusDir}': ${problem}`);
  }
  const poolDir = options.poolDir === undefined ? (corpusDir === null ? null : poolDirOf(corpusDir)) : options.poolDir;
  if (poolDir !== null && options.poolDir !== undefined) {
    const problem = dirWriteProblem(poolDir);
    if (problem !== null) usage(`cannot keep the seed pool in '${poolDir}': ${problem}`);
  }

  const all = resolveProperties(lanes, options.extraProperties ?? []);
  let properties: readonly AnyFuzzProperty[] = all;
  if (options.properties !== undefined && options.properties.length > 0) {
    const unknown = options.properties.filter((id) => !all.some((p) => p.id === id));
    if (unknown.length > 0) {
      usage(
        `unknown propert${unknown.length === 1 ? 'y' : 'ies'} ${unknown.map((u) => `'${u}'`).join(', ')}; run \`telltale-parity fuzz --list\` for the ids`,
      );
    }
    properties = all.filter((p) => options.properties?.includes(p.id));
  }
  return {
    seed,
    runs,
    timeMs,
    chunkSize,
    chunkTimeoutMs: options.chunkTimeoutMs ?? kCampaignDefaults.chunkTimeoutMs,
    shard,
    corpusDir,
    workers: inProcess ? 1 : Math.max(1, Math.floor(requestedWorkers)),
    lanes,
    properties,
    implementations: options.implementations ?? {},
    reports,
    onProgress: options.onProgress ?? null,
    swarm: options.swarm ?? true,
    feedback: timeMs !== null && (options.feedback ?? true),
    poolDir,
  };
}
