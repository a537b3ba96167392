/**
 * What a campaign knows about one property while it runs: its chunk results, the lowest failing
 * chunk, what is in flight, and the counts the report takes from them.
 */
import type { AnyFuzzProperty } from '../types.js';
import type { ChunkFailure, ChunkResult } from './runChunk.js';

/** One property's campaign state (the campaign loop updates it as chunks come back). */
export interface PropertyState {
  readonly property: AnyFuzzProperty;
  skipped: string | null;
  /** Completed chunk results by chunk index (none above `failedAt`): added by {@link recordResult}. */
  readonly results: Map<number, ChunkResult>;
  /** Cases of the chunks in `results`, kept by {@link recordResult} (progress reads it per chunk). */
  cases: number;
  /** Lowest failing chunk so far; chunks above it are not dispatched and their results dropped. */
  failedAt: number | null;
  nextChunk: number;
  busyMs: number;
  /** Chunks whose results came back (the measure behind batch sizes). */
  doneChunks: number;
  /** Chunks dispatched whose results have not come back. */
  inFlight: number;
  /** Every chunk of its budget was dispatched (a `runs` budget). */
  exhausted: boolean;
  /** Chunks that never finished (worker timeout or crash): findings without a counterexample. */
  readonly unfinished: { readonly chunk: number; readonly message: string }[];
}

/**
 * The state of a property before any chunk ran (`skipped`: why it cannot run here, if so).
 * @example `const state = newPropertyState(property, null);`
 */
export function newPropertyState(property: AnyFuzzProperty, skipped: string | null): PropertyState {
  return {
    property,
    skipped,
    results: new Map(),
    cases: 0,
    failedAt: null,
    nextChunk: 0,
    busyMs: 0,
    doneChunks: 0,
    inFlight: 0,
    exhausted: false,
    unfinished: [],
  };
}

/** Generated cases and time (ms, where they ran) until the failure was found, shrinking excluded. */
export function detectionOf(state: PropertyState, failure: ChunkFailure): { cases: number; ms: number } {
  let cases = failure.detectCases;
  let ms = failure.detectMs;
  for (const [chunk, result] of state.results) {
    if (state.failedAt === null || chunk >= state.failedAt) continue;
    cases += result.cases;
    ms += result.ms;
  }
  return { cases, ms: Math.round(ms) };
}

/**
 * Keeps a chunk's result (one the campaign counts: not interrupted, not skipped, not above the
 * lowest failure). A failing chunk becomes the lowest failure, and the results above it are
 * dropped: their cases were generated after the failure in seed order, so they do not count.
 * @example `recordResult(state, result);`
 */
export function recordResult(state: PropertyState, result: ChunkResult): void {
  state.cases += result.cases - (state.results.get(result.chunk)?.cases ?? 0);
  // What the campaign reads back from it; the statistics and features went to the steering,
  // which folds them (a long campaign keeps a result per chunk).
  const { property, chunk, cases, ms, failure } = result;
  state.results.set(chunk, { property, chunk, cases, ms, failure });
  if (result.failure === null) return;
  state.failedAt = result.chunk;
  for (const [chunk, dropped] of state.results)
    if (chunk > result.chunk) {
      state.results.delete(chunk);
      state.cases -= dropped.cases;
    }
}

/**
 * Cases generated up to and including the failing chunk (all of them when nothing failed). A
 * running total: the campaign reports progress after every chunk, and summing the results each
 * time grew with the square of a long campaign's chunks.
 */
export function countedCases(state: PropertyState): number {
  return state.cases;
}
