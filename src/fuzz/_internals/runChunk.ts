import fc from 'fast-check';
import type {
  AnyFuzzProperty,
  CaseObservation,
  Execution,
  PropertyContext,
  PropertyVerdict,
  SwarmConfiguration,
} from '../types.js';
import { addStats, type StatisticsTable } from './statistics.js';
import { watchLanes, type ActivityReport } from './activity.js';
import { PropertySkipped } from '../verdicts.js';

/**
 * A unit of work: `numRuns` cases of one property from one derived seed, generated under one swarm
 * configuration (`null`: the plain arbitrary). Serialisable.
 */
export interface ChunkTask {
  readonly property: string;
  readonly chunk: number;
  readonly seed: number;
  readonly numRuns: number;
  readonly swarm?: SwarmConfiguration | null;
}

/** What a chunk found; serialisable (crosses the worker boundary). */
export interface ChunkResult {
  readonly property: string;
  readonly chunk: number;
  readonly cases: number;
  /** Time spent running the chunk (generation, checks, shrinking), measured where it ran. */
  readonly ms: number;
  readonly failure: ChunkFailure | null;
  /** Set when the property found it cannot run here (a set-up problem): the reason; no failure then. */
  readonly skipped?: string;
  /**
   * Set when the campaign was stopped (a signal) before the chunk found a failure: the cases it ran
   * are not counted. A chunk that had found one reports it instead, `fullyShrunk: false`.
   */
  readonly interrupted?: true;
  /** Statistics of the cases generated before any failure: dimension → bucket → count. */
  readonly stats?: StatisticsTable;
  /** Behavioural features of those cases: feature → cases that reached it. */
  readonly features?: Readonly<Record<string, number>>;
  /** Feature → index of the first case of the chunk that reached it (its fast-check path). */
  readonly firstHits?: Readonly<Record<string, number>>;
}

export interface ChunkFailure {
  readonly seed: number;
  readonly path: string;
  readonly input: unknown;
  readonly summary: string;
  readonly divergence: unknown;
  readonly hint?: string;
  readonly executions?: readonly Execution[];
  readonly numShrinks: number;
  /**
   * False when the time budget ran out or the campaign was stopped while shrinking: `input` is the
   * smallest failing input found so far.
   */
  readonly fullyShrunk: boolean;
  /** The chunk's generation configuration (with `seed` and `path` it regenerates the input). */
  readonly swarm: SwarmConfiguration | null;
  /** Cases of the chunk up to and including the first failing one, and the time (ms) until it failed. */
  readonly detectCases: number;
  readonly detectMs: number;
}

// Thrown inside the fast-check predicate so the verdict survives shrinking and reaches the result.
class VerdictFailure extends Error {
  readonly verdict: Extract<PropertyVerdict, { pass: false }>;
  constructor(verdict: Extract<PropertyVerdict, { pass: false }>) {
    super(verdict.summary);
    this.name = 'VerdictFailure';
    this.verdict = verdict;
  }
}

/** A verdict, or the reason the property could not run on this input (a set-up problem). */
export type CheckOutcome = PropertyVerdict | { readonly skipped: string };

/** {@link checkOnce}, with a {@link PropertySkipped} turned into `{ skipped: reason }` (replay). */
export async function checkOrSkip(
  property: AnyFuzzProperty,
  input: unknown,
  ctx: PropertyContext,
): Promise<CheckOutcome> {
  try {
    return await checkOnce(property, input, ctx);
  } catch (error) {
    if (error instanceof PropertySkipped) return { skipped: error.reason };
    throw error;
  }
}

/**
 * Runs the case of a property on one input (no generation): used by the chunk predicate and replay.
 * A throw of the code under test is a failing verdict; {@link PropertySkipped} is re-thrown.
 */
export async function checkOnce(
  property: AnyFuzzProperty,
  input: unknown,
  ctx: PropertyContext,
): Promise<PropertyVerdict> {
  try {
    return await property.check(input, ctx);
  } catch (error) {
    if (error instanceof PropertySkipped) throw error;
    // A crash of the code under test is a finding, not a campaign error.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      pass: false,
      summary: `the check threw ${message}`,
      divergence: null,
      hint: 'an implementation threw instead of returning data; run with TELLTALE_DEBUG=1 for the stack',
    };
  }
}

/**
 * Runs one chunk with fast-check (`fc.check`, shrinking on failure). `path` given = replay of that
 * single case. With a `deadline` (epoch ms, time budgets) nothing runs past it — generation,
 * checks and shrinking alike: a check still running is abandoned, and a failure whose shrinking
 * was cut is reported with the smallest input found so far and `fullyShrunk: false`. An `interrupt`
 * cell set to non-zero (the campaign was stopped) ends the chunk after the check under way: the
 * remaining cases and shrink candidates are not run, and a failure found is kept as it stands.
 */
export async function runChunk(
  property: AnyFuzzProperty,
  ctx: PropertyContext,
  task: ChunkTask,
  options: {
    readonly path?: string;
    readonly deadline?: number | null;
    /** Told what the chunk is doing (generating, running a lane, shrinking step k), for progress. */
    readonly onActivity?: ActivityReport;
    /** Cell 0 non-zero: the campaign was stopped (shared with the thread that stops it). */
    readonly interrupt?: Int32Array | null;
  } = {},
): Promise<ChunkResult> {
  const { path, deadline = null, onActivity, interrupt = null } = options;
  let stopped = false;
  const t0 = performance.now();
  const swarm = task.swarm ?? null;
  let skipped: string | null = null;
  // What the generated cases exercised, up to the first failure (shrinking re-runs are not counted).
  const observed = new ChunkObservations(swarm?.id ?? 'plain');
  let index = 0;
  // Assigned inside the predicate: declared wide so the checks after fc.check are not narrowed away.
  let detected = null as { cases: number; ms: number } | null;
  // Failing inputs so far: after the first, every predicate call is a shrink attempt (step k).
  let failing = 0;
  let since = Date.now();
  const tell = (lane?: string): void =>
    onActivity?.({
      phase: failing === 0 ? 'generating' : 'shrinking',
      property: task.property,
      step: failing,
      since,
      ...(lane === undefined ? {} : { lane, laneSince: Date.now() }),
    });
  const checked = onActivity === undefined ? ctx : { ...ctx, lanes: watchLanes(ctx.lanes, tell) };
  const predicate = fc.asyncProperty(property.arbitrary(ctx, swarm ?? undefined), async (input: unknown) => {
    // Once the property cannot run, the remaining cases are not judged (they "pass" for fast-check).
    if (skipped !== null) return;
    // Stopped: what is left "passes" for fast-check, which then ends with the smallest failure so far.
    if (stopped || (interrupt !== null && Atomics.load(interrupt, 0) !== 0)) {
      stopped = true;
      return;
    }
    const at = index++;
    tell();
    const outcome = await checkOrSkip(property, input, checked);
    if ('skipped' in outcome) skipped = outcome.skipped;
    else if (!outcome.pass) {
      // The failing case counts too (its configuration), once: shrinking re-runs do not.
      if (detected === null) observed.add(at, undefined);
      detected ??= { cases: at + 1, ms: performance.now() - t0 };
      failing += 1;
      since = Date.now();
      throw new VerdictFailure(outcome);
    } else if (detected === null) observed.add(at, outcome.observation);
  });
  const out = await fc.check(predicate, {
    seed: task.seed,
    ...(path === undefined ? { numRuns: task.numRuns } : { path, numRuns: 1 }),
    ...(deadline === null ? {} : { interruptAfterTimeLimit: Math.max(1, deadline - Date.now()) }),
  });
  const ms = performance.now() - t0;
  // A real failure found before the set-up problem stands (shrinking just stopped early).
  const realFailure = out.failed && out.errorInstance instanceof VerdictFailure;
  if (skipped !== null && !realFailure)
    return { property: task.property, chunk: task.chunk, cases: 0, ms, failure: null, skipped };
  // Stopped before any failure: the cases after the signal "passed" without running, so none counts.
  if (stopped && !out.failed)
    return { property: task.property, chunk: task.chunk, cases: 0, ms, failure: null, interrupted: true };
  // Interrupted by the deadline before any failure: the cases that ran passed (fast-check calls an
  // interrupt with no success a failure, without a counterexample; it is not one).
  const seen = observed.result();
  if (!out.failed || out.counterexamplePath === null)
    return { property: task.property, chunk: task.chunk, cases: out.numRuns, ms, failure: null, ...seen };
  const verdict =
    out.errorInstance instanceof VerdictFailure
      ? out.errorInstance.verdict
      : { pass: false as const, summary: `fast-check failed: ${String(out.errorInstance)}`, divergence: null };
  const [input] = out.counterexample ?? [undefined];
  return {
    property: task.property,
    chunk: task.chunk,
    cases: out.numRuns,
    ms,
    failure: {
      seed: out.seed,
      path: out.counterexamplePath ?? '',
      input,
      summary: verdict.summary,
      divergence: verdict.divergence ?? null,
      ...(verdict.hint === undefined ? {} : { hint: verdict.hint }),
      ...(verdict.executions === undefined ? {} : { executions: verdict.executions }),
      numShrinks: out.numShrinks,
      fullyShrunk: !out.interrupted && !stopped,
      swarm,
      detectCases: detected?.cases ?? out.numRuns,
      detectMs: detected?.ms ?? ms,
    },
    ...seen,
  };
}

/** Statistics, feature counts and first hits of one chunk's cases. */
class ChunkObservations {
  private readonly stats: StatisticsTable = {};
  private readonly counts: Record<string, number> = {};
  private readonly first: Record<string, number> = {};
  constructor(private readonly swarmId: string) {}

  add(index: number, observation: CaseObservation | undefined): void {
    addStats(this.stats, { ...(observation?.stats ?? {}), swarm: this.swarmId });
    for (const f of observation?.features ?? []) {
      this.counts[f] = (this.counts[f] ?? 0) + 1;
      if (!(f in this.first)) this.first[f] = index;
    }
  }

  result(): Pick<ChunkResult, 'stats' | 'features' | 'firstHits'> {
    return { stats: this.stats, features: this.counts, firstHits: this.first };
  }
}
