import { readCorpus } from '../corpus/readCorpus.js';
import type { CorpusEntry, CorpusFileProblem, CorpusTempFile } from '../corpus/types.js';
import { closeContext, createContext, type LaneSpec } from './_internals/createContext.js';
import { createPool } from './_internals/createPool.js';
import { resolveProperties } from './_internals/resolveProperties.js';
import { checkOrSkip, type CheckOutcome } from './_internals/runChunk.js';
import { commandLine, laneFlags } from './reproduce.js';
import { keepAlive } from './_internals/keepAlive.js';
import { workersProblem } from './campaignDefaults.js';
import { TelltaleError } from '../types/errors.js';
import type { Implementations } from './implementations.js';
import type { AnyFuzzProperty, PropertyContext, PropertyVerdict } from './types.js';

/** Options of {@link replayCorpus}. @example `{ lanes: { ref: 'serve:telltale-lean-ref --serve' } }` @public */
export interface ReplayOptions {
  readonly lean?: string;
  readonly lanes?: Readonly<Record<string, string>>;
  readonly implementations?: Partial<Implementations>;
  readonly extraProperties?: readonly AnyFuzzProperty[];
  /**
   * Worker threads for the checks (tinypool; batches of 50 entries, each with a timeout), used for
   * 200 entries or more; at most `maxWorkers()` (4 per available core). Ignored with
   * `implementations` or `extraProperties` (functions cannot cross to workers). @defaultValue 1
   */
  readonly workers?: number;
  /**
   * How skip reasons say what to configure: `cli` names flags (`--lane NAME=CMD`, `--lean CMD`),
   * `vitest` names the plugin's and `corpusTests()`'s options. @defaultValue 'cli'
   */
  readonly advice?: 'cli' | 'vitest';
}

/** One replayed entry. `status`: `failing` (still reproduces), `fixed`, or `skipped` (with reason). @example `entry.status === 'failing'` @public */
export interface ReplayedEntry {
  readonly file: string;
  readonly hash: string;
  readonly property: string;
  readonly entry: CorpusEntry;
  readonly status: 'failing' | 'fixed' | 'skipped';
  readonly verdict: PropertyVerdict | null;
  readonly reason?: string;
  /** The external lane a skipped entry needs and that was not given (its recorded command is in `entry.lanes`). */
  readonly missingLane?: string;
}

/** What {@link replayCorpus} found. @example `report.entries.filter((e) => e.status === 'failing')` @public */
export interface ReplayReport {
  readonly entries: readonly ReplayedEntry[];
  readonly problems: readonly CorpusFileProblem[];
  /** Temp files left by killed writers (see `readCorpus`). */
  readonly temps: readonly CorpusTempFile[];
}

/**
 * Re-runs every saved counterexample (a corpus directory, or one `.msgpack` file) on its stored
 * input and says which still fail. Entries of unknown or unavailable properties are `skipped`;
 * unreadable files are listed in `problems`.
 *
 * @example
 * ```ts
 * const { entries } = await replayCorpus('corpora');
 * const failing = entries.filter((e) => e.status === 'failing');
 * ```
 * @public
 */
export async function replayCorpus(target: string, options: ReplayOptions = {}): Promise<ReplayReport> {
  const tooMany = options.workers === undefined || options.workers <= 1 ? null : workersProblem(options.workers);
  if (tooMany !== null) throw new TelltaleError('UsageError', tooMany);
  const { entries, problems, temps } = readCorpus(target);
  const laneSpec = { lean: options.lean ?? null, lanes: { ...(options.lanes ?? {}) } };
  const properties = resolveProperties(laneSpec, options.extraProperties ?? []);
  const release = keepAlive();
  const advice = options.advice ?? 'cli';
  const ctx = await createContext(laneSpec, options.implementations ?? {}, advice);
  const skipReasons = new Map<string, string | null>();
  const out: ReplayedEntry[] = [];
  const pending: { base: Omit<ReplayedEntry, 'status' | 'verdict'>; property: AnyFuzzProperty }[] = [];
  try {
    for (const loaded of entries) {
      const { entry } = loaded;
      const property = properties.find((p) => p.id === entry.property);
      const base = { file: loaded.file, hash: loaded.hash, property: entry.property, entry };
      if (property === undefined) {
        const lane = /^lane-(.+)-vs-cooperative$/.exec(entry.property)?.[1];
        if (lane === undefined) {
          out.push({
            ...base,
            status: 'skipped',
            verdict: null,
            reason: `unknown property '${entry.property}' in this version`,
          });
        } else {
          const reason = `lane '${lane}' is not configured; ${laneAdvice(lane, entry.lanes?.[lane], advice)}`;
          out.push({ ...base, status: 'skipped', verdict: null, reason, missingLane: lane });
        }
        continue;
      }
      if (!skipReasons.has(property.id)) {
        let reason: string | null;
        try {
          reason = (await property.requires?.(ctx)) ?? null;
        } catch (error) {
          reason = `set-up check failed: ${error instanceof Error ? error.message : String(error)}`;
        }
        skipReasons.set(property.id, reason);
      }
      const reason = skipReasons.get(property.id) ?? null;
      if (reason !== null) {
        // The lanes the entry was found with, when they are not the ones configured here.
        const recorded = Object.entries(entry.lanes ?? {}).filter(([name]) => property.lanes?.includes(name));
        const foundWith =
          recorded.length === 0
            ? ''
            : advice === 'vitest'
              ? `; it was found with ${recorded.map(([name, command]) => `${name === 'lean' ? 'leanRunner' : name}: ${JSON.stringify(command)}`).join(', ')}`
              : `; it was found with ${commandLine(laneFlags(Object.fromEntries(recorded)))}`;
        out.push({ ...base, status: 'skipped', verdict: null, reason: `${reason}${foundWith}` });
        continue;
      }
      pending.push({ base, property });
    }
    const outcomes = await checkAll(pending, ctx, laneSpec, options);
    for (const [i, { base }] of pending.entries()) {
      const outcome = outcomes[i] ?? { pass: false as const, summary: 'replay did not run', divergence: null };
      if ('skipped' in outcome) out.push({ ...base, status: 'skipped', verdict: null, reason: outcome.skipped });
      else out.push({ ...base, status: outcome.pass ? 'fixed' : 'failing', verdict: outcome });
    }
  } finally {
    await closeContext(ctx);
    release();
  }
  // Report in corpus order (skipped entries were pushed first).
  const order = new Map(entries.map((e, i) => [e.file, i]));
  out.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  return { entries: out, problems, temps };
}

/** What to pass to judge an entry of lane `lane`: the recorded command when the entry has one. */
function laneAdvice(lane: string, recorded: string | undefined, advice: 'cli' | 'vitest'): string {
  if (advice === 'vitest')
    return `pass corpusTests(dir, { lanes: { ${JSON.stringify(lane)}: ${recorded === undefined ? 'CMD' : JSON.stringify(recorded)} } })`;
  if (recorded === undefined) return `pass --lane ${lane}=CMD`;
  return `pass ${commandLine(laneFlags({ [lane]: recorded }))} (the command it was found with)`;
}

const kReplayBatch = 50;
const kReplayBatchTimeoutMs = 300_000;

async function checkAll(
  pending: readonly { base: { readonly entry: CorpusEntry }; property: AnyFuzzProperty }[],
  ctx: PropertyContext,
  laneSpec: LaneSpec,
  options: ReplayOptions,
): Promise<CheckOutcome[]> {
  const workers =
    options.implementations !== undefined || (options.extraProperties?.length ?? 0) > 0
      ? 1
      : Math.max(1, Math.floor(options.workers ?? 1));
  // A pool costs a module load per worker: only worth it for large corpora.
  if (workers <= 1 || pending.length < 4 * kReplayBatch) {
    const outcomes: CheckOutcome[] = [];
    for (const { base, property } of pending) outcomes.push(await checkOrSkip(property, base.entry.input, ctx));
    return outcomes;
  }
  // Batches never mix properties, so a worker resolves one property per task.
  const batches: { property: string; indices: number[] }[] = [];
  for (const [i, { property }] of pending.entries()) {
    const last = batches[batches.length - 1];
    if (last !== undefined && last.property === property.id && last.indices.length < kReplayBatch) last.indices.push(i);
    else batches.push({ property: property.id, indices: [i] });
  }
  const verdicts: CheckOutcome[] = new Array<CheckOutcome>(pending.length);
  const pool = createPool(workers);
  try {
    await Promise.all(
      batches.map(async ({ property, indices }) => {
        try {
          const got = await pool.replay(
            { replay: true, property, inputs: indices.map((i) => pending[i]?.base.entry.input), lanes: laneSpec },
            kReplayBatchTimeoutMs,
          );
          indices.forEach((i, k) => {
            verdicts[i] = got[k] ?? { pass: false, summary: 'replay worker returned no verdict', divergence: null };
          });
        } catch (error) {
          // A hang or crash while replaying is never a pass.
          const summary = `replay did not finish: ${error instanceof Error ? error.message : String(error)}`;
          for (const i of indices) verdicts[i] = { pass: false, summary, divergence: null };
        }
      }),
    );
  } finally {
    await pool.destroy();
  }
  return verdicts;
}
