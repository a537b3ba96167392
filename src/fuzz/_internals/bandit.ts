/**
 * The bandit that steers a time-bounded campaign (issue #11 §4): each arm is a swarm configuration,
 * its reward how rare the behavioural features a chunk reached are (new ones count most).
 * Rewards fade as coverage saturates, so the score is a recent average (exponential, α = 0.3) and a
 * share ε of the picks explores. Its picks depend on when results arrive, which is why it is used
 * only under a time budget: a `runs` campaign never consults it.
 */

/** Share of picks that explore a random arm. */
const kEpsilon = 0.2;
/** Weight of the newest reward in an arm's score. */
const kAlpha = 0.3;

/** An ε-greedy bandit over `arms` arms with recency-weighted scores. */
export class Bandit {
  private readonly scores: number[];
  private readonly pulls: number[];
  private state: number;

  constructor(
    readonly arms: number,
    seed: number,
  ) {
    this.scores = Array.from({ length: arms }, () => 0);
    this.pulls = Array.from({ length: arms }, () => 0);
    this.state = seed >>> 0 || 1;
  }

  /** The next arm: every arm once first, then mostly the best recent scorer. */
  pick(): number {
    const untried = this.pulls.findIndex((n) => n === 0);
    const arm = untried >= 0 ? untried : this.random() < kEpsilon ? Math.floor(this.random() * this.arms) : this.best();
    this.pulls[arm] = (this.pulls[arm] ?? 0) + 1;
    return arm;
  }

  /** Records what a chunk of `arm` found (new features). */
  reward(arm: number, newFeatures: number): void {
    const old = this.scores[arm] ?? 0;
    this.scores[arm] = old + kAlpha * (newFeatures - old);
  }

  /** Pulls per arm so far (for tests and reports). */
  counts(): readonly number[] {
    return this.pulls;
  }

  private best(): number {
    let arm = 0;
    for (let i = 1; i < this.arms; i += 1) if ((this.scores[i] ?? 0) > (this.scores[arm] ?? 0)) arm = i;
    return arm;
  }

  // xorshift32: the exploration coin, seeded from the campaign.
  private random(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }
}
