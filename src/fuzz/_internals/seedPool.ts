/**
 * The seed pool (issue #11 §4): inputs that reached a behavioural feature no earlier case of the
 * campaign (or the pool) had reached are kept as content-addressed files in the corpus format, in
 * their own folder (`corpora/.pool/<property>/<hash>.msgpack` by default). The next campaign replays
 * them first: their features count as seen, and one that fails now is a counterexample (regenerated
 * from its seed, path and configuration and shrunk when the arbitrary still produces it).
 */
import fc from 'fast-check';
import { readCorpus } from '../../corpus/readCorpus.js';
import { writeCorpusEntry } from '../../corpus/writeCorpusEntry.js';
import type { CorpusEntry, CorpusFileProblem } from '../../corpus/types.js';
import { corpusEntryHash } from '../../corpus/encodeCorpusEntry.js';
import { toolVersion } from '../../version.js';
import type { AnyFuzzProperty, PropertyContext, SwarmConfiguration } from '../types.js';
import { checkOrSkip, runChunk, type CheckOutcome, type ChunkResult } from './runChunk.js';
import type { PropertySteering } from './steering.js';

/** The pool entries of every property, by property id, in hash order; unreadable files in `problems`. */
export function readPool(poolDir: string): {
  readonly byProperty: ReadonlyMap<string, readonly CorpusEntry[]>;
  readonly problems: readonly CorpusFileProblem[];
} {
  const { entries, problems } = readCorpus(poolDir);
  const byProperty = new Map<string, CorpusEntry[]>();
  for (const { entry } of entries) byProperty.set(entry.property, [...(byProperty.get(entry.property) ?? []), entry]);
  return { byProperty, problems };
}

/** What the next campaign needs to replay an input: where it came from and what it reached first. */
export interface PoolCandidate {
  readonly seed: number;
  readonly path: string;
  readonly swarm: SwarmConfiguration | null;
  readonly features: readonly string[];
}

/**
 * Regenerates each candidate's input from its seed, path and configuration (generation only, no
 * check) and writes it into the pool. Returns how many files were created, and the problems.
 */
export function addToPool(
  poolDir: string,
  property: AnyFuzzProperty,
  ctx: PropertyContext,
  candidates: readonly PoolCandidate[],
  campaignSeed: string,
): { readonly added: number; readonly problems: readonly string[] } {
  let added = 0;
  const problems: string[] = [];
  for (const c of candidates) {
    try {
      const [input] = fc.sample(property.arbitrary(ctx, c.swarm ?? undefined), {
        seed: c.seed,
        path: c.path,
        numRuns: 1,
      });
      const written = writeCorpusEntry(poolDir, {
        property: property.id,
        input,
        seed: c.seed,
        path: c.path,
        failure: { summary: `seed pool: first reached ${c.features.join(', ')}`, divergence: null },
        toolVersion: toolVersion(),
        campaignSeed,
        ...(c.swarm === null ? {} : { swarm: c.swarm }),
        features: c.features,
      });
      if (written.created) added += 1;
    } catch (error) {
      problems.push(
        `could not add to the seed pool of ${property.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { added, problems };
}

/**
 * A pool entry that fails now, as the failing result of a pseudo-chunk (index −1): regenerated from
 * its seed, path and configuration and shrunk, when the arbitrary still produces the stored input;
 * else the stored input as it is (not shrunk).
 */
export async function poolFailure(
  property: AnyFuzzProperty,
  ctx: PropertyContext,
  entry: CorpusEntry,
  outcome: Extract<CheckOutcome, { pass: false }>,
  replayed: number,
): Promise<ChunkResult> {
  const swarm = entry.swarm ?? null;
  const regenerated = await runChunk(
    property,
    ctx,
    { property: property.id, chunk: -1, seed: entry.seed, numRuns: 1, swarm },
    { path: entry.path },
  );
  const failure = regenerated.failure;
  const sameInput =
    failure !== null &&
    corpusEntryHash(
      property.id,
      fc.sample(property.arbitrary(ctx, swarm ?? undefined), { seed: entry.seed, path: entry.path, numRuns: 1 })[0],
    ) === corpusEntryHash(property.id, entry.input);
  return {
    property: property.id,
    chunk: -1,
    cases: replayed,
    ms: regenerated.ms,
    failure:
      failure !== null && sameInput
        ? failure
        : {
            seed: entry.seed,
            path: entry.path,
            input: entry.input,
            summary: outcome.summary,
            divergence: outcome.divergence,
            ...(outcome.hint === undefined ? {} : { hint: outcome.hint }),
            numShrinks: 0,
            fullyShrunk: false,
            swarm,
            detectCases: replayed,
            detectMs: regenerated.ms,
          },
  };
}

/** Checks pool inputs in-process (workers use the replay task of the fuzz pool instead). */
export async function checkInputs(
  property: AnyFuzzProperty,
  ctx: PropertyContext,
  inputs: readonly unknown[],
): Promise<CheckOutcome[]> {
  const out: CheckOutcome[] = [];
  for (const input of inputs) out.push(await checkOrSkip(property, input, ctx));
  return out;
}

/**
 * Replays each property's pool entries before any chunk: their features count as seen (by the
 * steering); the first entry that fails now becomes the property's failure (`onFailure`, chunk −1).
 * Unreadable pool files are warnings.
 */
export async function replayPool(
  poolDir: string,
  properties: readonly AnyFuzzProperty[],
  ctx: PropertyContext,
  steering: ReadonlyMap<string, PropertySteering>,
  warnings: string[],
  onFailure: (property: string, result: ChunkResult) => void,
): Promise<void> {
  const pool = readPool(poolDir);
  for (const p of pool.problems) warnings.push(`seed pool: skipped ${p.file}: ${p.message}`);
  for (const property of properties) {
    const entries = pool.byProperty.get(property.id) ?? [];
    const steer = steering.get(property.id);
    for (const [i, entry] of entries.entries()) {
      const [outcome] = await checkInputs(property, ctx, [entry.input]);
      if (outcome === undefined || 'skipped' in outcome) break;
      if (outcome.pass) {
        steer?.acceptReplayed(outcome.observation?.features ?? entry.features ?? []);
        continue;
      }
      onFailure(property.id, await poolFailure(property, ctx, entry, outcome, i + 1));
      break;
    }
  }
}

/** Writes the steering's pool candidates (chunks up to `last`); returns how many were added. */
export function keepInPool(
  poolDir: string,
  steering: PropertySteering,
  last: number | null,
  ctx: PropertyContext,
  campaignSeed: string,
  warnings: string[],
): number {
  const { added, problems } = addToPool(poolDir, steering.property, ctx, steering.poolCandidates(last), campaignSeed);
  warnings.push(...problems);
  return added;
}
