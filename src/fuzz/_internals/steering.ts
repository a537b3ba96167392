/**
 * How a campaign generates and learns for one property (issue #11 §3–4): the swarm configuration of
 * each chunk, the bandit under a time budget, the statistics and features of the chunks, the seed
 * pool's replayed features, and at the end the report's statistics and coverage and the pool
 * candidates.
 *
 * Reproducibility: under `runs` a chunk's configuration is a function of (seed, property, chunk)
 * only, and the statistics, coverage and pool candidates are computed at the end from the chunks in
 * chunk order — never from the order results arrived in — so the same seed and `runs` give the same
 * cases, the same report and the same pool additions whatever the workers. The bandit (and with it
 * arrival order) only steers time-bounded campaigns.
 */
import type { AnyFuzzProperty, SwarmConfiguration } from '../types.js';
import { Bandit } from './bandit.js';
import { knownFeatures } from './features.js';
import type { ChunkResult } from './runChunk.js';
import { chunkSeed } from './seeds.js';
import { mergeStats, sortedStats, type StatisticsTable } from './statistics.js';
import { armForChunk, kAnchorArms, swarmArms } from './swarm.js';
import type { PoolCandidate } from './seedPool.js';

/** Options of a {@link PropertySteering}. */
export interface SteeringOptions {
  readonly seed: string;
  /** Draw a swarm configuration per chunk (else every chunk is plain). */
  readonly swarm: boolean;
  /** Let the bandit pick configurations (time budgets only). */
  readonly feedback: boolean;
}

/** One property's generation plan and what it learnt. */
export class PropertySteering {
  private readonly arms: readonly SwarmConfiguration[] | null;
  private readonly bandit: Bandit | null;
  /** Arm of each chunk handed out whose result has not come back; pulls per arm. */
  private readonly armOf = new Map<number, number>();
  private readonly pulls: number[] = [];
  /** Features reached so far, as results arrive (the bandit's reward only). */
  private readonly live = new Set<string>();
  /** Hits per feature so far (the bandit's rarity reward only). */
  private readonly hits = new Map<string, number>();
  /** Features the seed pool's replay reached. */
  private readonly replayed = new Set<string>();
  /**
   * Results not folded yet. Chunks `[0, folded)` all came back, so whatever the lowest failure
   * turns out to be they are counted: their statistics, features and pool candidates are folded
   * into running totals and the results dropped. Kept whole, a long campaign's results grew the
   * heap by about 0.4 MB/s, without bound.
   */
  private readonly chunks = new Map<number, ChunkResult>();
  private folded = 0;
  /** A folded chunk failed: the chunks after it may not count, so none is folded any more. */
  private foldingStopped = false;
  private readonly foldedStats: StatisticsTable = {};
  private readonly foldedFeatures = new Set<string>();
  /**
   * The pool candidates' `seen` after the folded chunks: the replay's features (the seed pool is
   * replayed before any chunk runs) and every feature a folded chunk first reached; and their
   * candidates.
   */
  private readonly foldedSeen = new Set<string>();
  private readonly foldedCandidates: PoolCandidate[] = [];
  private readonly seeds = new Map<number, { seed: number; swarm: SwarmConfiguration | null }>();
  /** The first round's results (bandit only), scored together once every arm has one. */
  private firstRound: { arm: number; features: readonly (readonly [string, number])[] }[] | null = [];
  poolReplayed = 0;

  constructor(
    readonly property: AnyFuzzProperty,
    private readonly options: SteeringOptions,
  ) {
    this.arms = options.swarm ? swarmArms(options.seed, property.id) : null;
    this.bandit =
      this.arms !== null && options.feedback
        ? new Bandit(this.arms.length, chunkSeed(options.seed, `${property.id}#bandit`, 0), kAnchorArms)
        : null;
  }

  /** The configuration of `chunk` (null: plain), recorded with the chunk's seed. */
  configFor(chunk: number, seed: number): SwarmConfiguration | null {
    let swarm: SwarmConfiguration | null = null;
    if (this.arms !== null) {
      const arm = this.bandit?.pick() ?? armForChunk(this.options.seed, this.property.id, chunk);
      this.armOf.set(chunk, arm);
      this.pulls[arm] = (this.pulls[arm] ?? 0) + 1;
      swarm = this.arms[arm] ?? null;
    }
    this.seeds.set(chunk, { seed, swarm });
    return swarm;
  }

  /**
   * Takes a chunk's result. Under a time budget the bandit is rewarded with the chunk's rarity:
   * each feature new to the campaign counts 1, and each feature it hit counts the chunk's share of
   * all hits of that feature so far — so the reward does not vanish once every feature has been
   * seen, and arms that keep reaching rare behaviour stay favoured (AFL-style rarity). The first
   * round (until every arm has a result) is scored together at its end, each chunk by its share of
   * the round's hits: scored as they arrive, the first arm would take every feature as new and the
   * bandit would exploit whichever arm happened to run first.
   */
  accept(result: ChunkResult): void {
    // A chunk's result comes back once; a folded chunk's is not taken again.
    if (result.chunk >= this.folded) this.chunks.set(result.chunk, result);
    this.fold();
    const arm = this.armOf.get(result.chunk);
    this.armOf.delete(result.chunk);
    const features = Object.entries(result.features ?? {});
    for (const [f, n] of features) this.hits.set(f, (this.hits.get(f) ?? 0) + n);
    if (this.bandit === null || arm === undefined) {
      for (const [f] of features) this.live.add(f);
      return;
    }
    if (this.firstRound !== null) {
      for (const [f] of features) this.live.add(f);
      this.firstRound.push({ arm, features });
      if (new Set(this.firstRound.map((r) => r.arm)).size < this.bandit.arms) return;
      for (const r of this.firstRound) this.bandit.reward(r.arm, this.rarity(r.features));
      this.firstRound = null;
      return;
    }
    let reward = this.rarity(features);
    for (const [f] of features) {
      if (this.live.has(f)) continue;
      this.live.add(f);
      reward += 1;
    }
    this.bandit.reward(arm, reward);
  }

  /** A chunk's share of the hits of each feature it reached, summed. */
  private rarity(features: readonly (readonly [string, number])[]): number {
    let reward = 0;
    for (const [f, n] of features) reward += n / (this.hits.get(f) ?? n);
    return reward;
  }

  /** Features the pool's replay reached: seen before any chunk runs. */
  acceptReplayed(features: readonly string[]): void {
    this.poolReplayed += 1;
    for (const f of features) {
      this.replayed.add(f);
      this.foldedSeen.add(f);
      this.live.add(f);
    }
  }

  /** Folds the chunks that came back in a row from `folded` on (see `chunks`). */
  private fold(): void {
    for (
      let r = this.chunks.get(this.folded);
      r !== undefined && !this.foldingStopped;
      r = this.chunks.get(this.folded)
    ) {
      mergeStats(this.foldedStats, r.stats ?? {});
      for (const f of Object.keys(r.features ?? {})) this.foldedFeatures.add(f);
      for (const c of this.candidatesOf(r, this.foldedSeen)) this.foldedCandidates.push(c);
      this.chunks.delete(this.folded);
      this.seeds.delete(this.folded);
      this.folded += 1;
      if (r.failure !== null) this.foldingStopped = true;
    }
  }

  /** Unfolded chunks up to `last` in chunk order (with the folded ones, the chunks the report counts). */
  private counted(last: number | null): ChunkResult[] {
    return [...this.chunks.values()].filter((r) => last === null || r.chunk <= last).sort((a, b) => a.chunk - b.chunk);
  }

  /** Statistics and coverage of the counted chunks (and the pool's replay). */
  report(last: number | null): {
    statistics: Record<string, Record<string, number>>;
    coverage?: { seen: string[]; notSeen: string[] };
  } {
    const table: StatisticsTable = {};
    mergeStats(table, this.foldedStats);
    const seen = new Set([...this.replayed, ...this.foldedFeatures]);
    for (const r of this.counted(last)) {
      mergeStats(table, r.stats ?? {});
      for (const f of Object.keys(r.features ?? {})) seen.add(f);
    }
    const known = knownFeatures(this.property.features ?? []);
    // A property that records no features has no coverage to report.
    if (known.length === 0 && seen.size === 0) return { statistics: sortedStats(table) };
    return {
      statistics: sortedStats(table),
      coverage: { seen: [...seen].sort(), notSeen: known.filter((f) => !seen.has(f)) },
    };
  }

  /**
   * The inputs to keep: for each chunk in chunk order, the first case of each feature that neither
   * the pool's replay nor an earlier chunk reached (one entry per case, listing its new features).
   */
  poolCandidates(last: number | null): PoolCandidate[] {
    const seen = new Set(this.foldedSeen);
    const out = [...this.foldedCandidates];
    for (const r of this.counted(last)) out.push(...this.candidatesOf(r, seen));
    return out;
  }

  /** Chunk `r`'s first case of each feature not in `seen` (added to it), in case order. */
  private candidatesOf(r: ChunkResult, seen: Set<string>): PoolCandidate[] {
    const origin = this.seeds.get(r.chunk);
    if (origin === undefined) return [];
    const byCase = new Map<number, string[]>();
    for (const [f, index] of Object.entries(r.firstHits ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (seen.has(f)) continue;
      seen.add(f);
      byCase.set(index, [...(byCase.get(index) ?? []), f]);
    }
    return [...byCase]
      .sort(([a], [b]) => a - b)
      .map(([index, features]) => ({ seed: origin.seed, path: String(index), swarm: origin.swarm, features }));
  }

  /** Results kept whole, not folded yet (tests). */
  unfoldedResults(): number {
    return this.chunks.size;
  }

  /** Pulls per arm (tests). */
  armCounts(): readonly number[] {
    if (this.bandit !== null) return this.bandit.counts();
    return Array.from({ length: this.arms?.length ?? 0 }, (_, arm) => this.pulls[arm] ?? 0);
  }
}
