import fc from 'fast-check';
import type { AnyFuzzProperty, Execution, PropertyContext, PropertyVerdict } from '../types.js';
import { watchLanes, type ActivityReport } from './activity.js';
import { PropertySkipped } from '../verdicts.js';

/** A unit of work: `numRuns` cases of one property from one derived seed. Serialisable. */
export interface ChunkTask {
  readonly property: string;
  readonly chunk: number;
  readonly seed: number;
  readonly numRuns: number;
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
  /** False when the time budget ran out while shrinking: `input` is the smallest failing input found so far. */
  readonly fullyShrunk: boolean;
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
 * was cut is reported with the smallest input found so far and `fullyShrunk: false`.
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
  } = {},
): Promise<ChunkResult> {
  const { path, deadline = null, onActivity } = options;
  const t0 = performance.now();
  let skipped: string | null = null;
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
  const predicate = fc.asyncProperty(property.arbitrary(ctx), async (input: unknown) => {
    // Once the property cannot run, the remaining cases are not judged (they "pass" for fast-check).
    if (skipped !== null) return;
    tell();
    const outcome = await checkOrSkip(property, input, checked);
    if ('skipped' in outcome) skipped = outcome.skipped;
    else if (!outcome.pass) {
      failing += 1;
      since = Date.now();
      throw new VerdictFailure(outcome);
    }
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
  // Interrupted by the deadline before any failure: the cases that ran passed (fast-check calls an
  // interrupt with no success a failure, without a counterexample; it is not one).
  if (!out.failed || out.counterexamplePath === null)
    return { property: task.property, chunk: task.chunk, cases: out.numRuns, ms, failure: null };
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
      fullyShrunk: !out.interrupted,
    },
  };
}
