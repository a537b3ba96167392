/**
 * The bandit that steers a time-bounded campaign (issue #11 §4): each arm is a swarm configuration,
 * its reward how rare the behavioural features a chunk reached are (new ones count most).
 * Rewards fade as coverage saturates, so the score is a recent average (exponential, α = 0.3) and a
 * share ε of the picks explores. The anchor arms (the plain configuration and the hazard arms) get
 * every other pick in turn: the rewards measure behaviour, not bugs, and an arm they favour may
 * turn off what a bug needs. Its picks depend on when results arrive, which is why it is used only
 * under a time budget: a `runs` campaign never consults it.
 */

/** Share of picks that explore a random arm. */
const kEpsilon = 0.2;
/** Weight of the newest reward in an arm's score. */
const kAlpha = 0.3;

/** An ε-greedy bandit over `arms` arms with recency-weighted scores. */
export class Bandit {
  private readonly scores: number[];
  private readonly pulls: number[];
  private readonly order: readonly number[];
  private state: number;
  private picks = 0;
  private readonly anchors: number;

  /**
   * @param anchors - Arms 0 … anchors − 1 are anchors (arm 0 the plain configuration, then the
   *   hazard arms): the first round tries arms 1 … anchors − 1 first (the plain configuration plus
   *   one hazard each: they find most of what plain finds, and their hazard), then arm 0, then the
   *   others; after it every other pick goes to the anchors in turn, so a bug the plain
   *   configuration finds is never starved by the arms the rewards favour.
   */
  constructor(
    readonly arms: number,
    seed: number,
    anchors = 0,
  ) {
    this.scores = Array.from({ length: arms }, () => 0);
    this.pulls = Array.from({ length: arms }, () => 0);
    this.state = seed >>> 0 || 1;
    const n = Math.min(anchors, arms);
    this.anchors = n;
    const first = Array.from({ length: n }, (_, i) => (i + 1) % n);
    this.order = [...first, ...Array.from({ length: arms }, (_, i) => i).filter((i) => !first.includes(i))];
  }

  /** The next arm: every arm once first, then the anchors in turn every other pick, else mostly the best recent scorer. */
  pick(): number {
    const untried = this.order.find((i) => this.pulls[i] === 0);
    this.picks += 1;
    const anchor = this.anchors > 0 && this.picks % 2 === 0 ? (this.picks / 2) % this.anchors : null;
    const arm =
      untried !== undefined
        ? untried
        : anchor !== null
          ? anchor
          : this.random() < kEpsilon
            ? Math.floor(this.random() * this.arms)
            : this.best();
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
