import type fc from 'fast-check';
import type { Implementations } from './implementations.js';
import type { Lane } from '../bridge/Lane.js';
import type { BridgeEvent } from '../types/bridge.js';

/**
 * An external runner seen by the fuzzer: the bridge's `Lane` (bridge.md §7).
 * @example `ctx.lanes.lean?.run(request)`
 * @public
 */
export type FuzzLane = Lane;

/**
 * What a property sees: the functions under test and the external lanes of this campaign.
 * @example `ctx.implementations.projectCore(g, 'A')`
 * @public
 */
export interface PropertyContext {
  readonly implementations: Implementations;
  /** External lanes by name (`lean` from `--lean`, others from `--lane NAME=CMD`). */
  readonly lanes: Readonly<Record<string, FuzzLane>>;
  /**
   * Who reads skip reasons: `cli` (advice names flags such as `--lean CMD`) or `vitest` (advice names
   * the plugin's options). @defaultValue `'cli'`
   */
  readonly advice?: 'cli' | 'vitest';
}

/**
 * One side of a failing comparison: the lane and the bridge-form trace it produced. The HTML report
 * draws each as a message sequence chart beside the other.
 * @example `{ lane: 'cooperative', status: 'completed', trace: output.trace }`
 * @public
 */
export interface Execution {
  readonly lane: string;
  /** The run's final `status` (`completed`, `stuck`, …), when it ran. */
  readonly status?: string;
  readonly trace: readonly BridgeEvent[];
}

/**
 * What one case exercised (issue #11 §3–4): behavioural features (`family:value`, e.g.
 * `event:sent`, `fault:out_of_credits`, `op:Move`, `load:validation_failed:projection`) and one
 * bucket per statistics dimension (`verdict`, `roles`, `depth`, `steps`, `names`, `status`, `faults`).
 * @example `{ features: ['event:sent', 'status:stuck'], stats: { status: 'stuck', roles: '3' } }`
 * @public
 */
export interface CaseObservation {
  readonly features: readonly string[];
  readonly stats: Readonly<Record<string, string>>;
}

/**
 * The outcome of one case. `pass: false` carries a one-line summary, the bridge.md §9.4 divergence
 * object when two lanes were compared (else `null`), an optional hint for the failure report, and,
 * for comparisons of two runs, the two {@link Execution}s; a pass may carry the case's
 * {@link CaseObservation} for statistics and coverage.
 * @example `{ pass: false, summary: 'reference rejected the request', divergence: null }`
 * @public
 */
export type PropertyVerdict =
  | { readonly pass: true; readonly observation?: CaseObservation }
  | {
      readonly pass: false;
      readonly summary: string;
      readonly divergence: unknown;
      readonly hint?: string;
      readonly executions?: readonly Execution[];
    };

/**
 * Constructs a swarm configuration can turn off or weight (Groce et al., "Swarm Testing", ISSTA
 * 2012). Each property maps the ones that apply to its arbitrary's constraints.
 * @example `const c: SwarmConstruct = 'shadowing';`
 * @public
 */
export type SwarmConstruct =
  | 'recursion'
  | 'shadowing'
  | 'choreographies'
  | 'bystanders'
  | 'rejections'
  | 'buffers'
  | 'tinyBudgets'
  | 'schedules'
  | 'concurrency'
  | 'tier2'
  | 'randomCode';

/**
 * The generation configuration of one chunk: which constructs are on and with what weight (0 =
 * off, 1–3 = on, growing share), the name space, and the rejection kinds drawn. Recorded with every
 * chunk, counterexample and pool entry, so a case regenerates exactly from its seed and path.
 * @example `{ id: 'a3f0c2d1', constructs: { recursion: 2, shadowing: 0, … }, names: 'rich', rejections: ['natural'] }`
 * @public
 */
export interface SwarmConfiguration {
  /** Short stable id (the `swarm` statistics dimension). `plain` is the configuration with every construct at its default. */
  readonly id: string;
  readonly constructs: Readonly<Record<SwarmConstruct, number>>;
  /** `simple`, `rich`, or `mixed` (each case draws rich names with the campaign's rich share). */
  readonly names: 'simple' | 'rich' | 'mixed';
  /** With `names: 'rich'`: the one naming hazard the names focus on (`'rich:<focus>'`, see `NAME_HAZARDS`). */
  readonly focus?: 'case' | 'astral' | 'order';
  /** Rejection kinds run requests may draw (names of `RUN_REQUEST_REJECTIONS`). */
  readonly rejections: readonly string[];
}

/**
 * One fuzz property: an id (kebab-case, stable: corpus folders are named by it), a description for
 * `--list`, the arbitrary of its inputs and the check. `requires` returns a skip reason (a property
 * that cannot run is SKIPPED, never passed).
 *
 * @example
 * ```ts
 * const p: FuzzProperty<number> = {
 *   id: 'nat-is-small', description: 'planted', arbitrary: () => fc.nat(),
 *   check: (n) => (n < 10 ? passed() : failed(`${n} >= 10`)),
 * };
 * ```
 * @public
 */
export interface FuzzProperty<I> {
  readonly id: string;
  readonly description: string;
  /**
   * The inputs. `swarm` is the chunk's configuration (absent: the property's plain arbitrary); a
   * property applies the constructs that concern it and ignores the others.
   */
  arbitrary(ctx: PropertyContext, swarm?: SwarmConfiguration): fc.Arbitrary<I>;
  /** Feature families its passes report (for the coverage's "not exercised" list, see `KNOWN_FEATURES`). */
  readonly features?: readonly string[];
  check(input: I, ctx: PropertyContext): Promise<PropertyVerdict> | PropertyVerdict;
  requires?: (ctx: PropertyContext) => Promise<string | null> | string | null;
  /**
   * The external lanes the property runs (`lean`, or names of `--lane NAME=CMD`): their commands are
   * saved with its counterexamples, so the printed replay command carries them.
   */
  readonly lanes?: readonly string[];
}

/**
 * A property of any input type (the registry's element type); `check` is a method, so a
 * `FuzzProperty<T>` is assignable to it.
 * @example `const all: AnyFuzzProperty[] = [jsonRoundTrip, planted];`
 * @public
 */
export type AnyFuzzProperty = FuzzProperty<unknown>;

/**
 * Options of {@link runCampaign}; every field is optional (see `kCampaignDefaults`).
 * @example `{ seed: 42, runs: 200, workers: 2, properties: ['json-roundtrip'] }`
 * @public
 */
export interface CampaignOptions {
  /** Campaign seed; a number or any string. @defaultValue time-based, printed in the report */
  readonly seed?: number | string;
  /** Cases per property (a `runs` budget makes the campaign reproducible). */
  readonly runs?: number;
  /** Time budget in ms, used when `runs` is not given. @defaultValue 60000 */
  readonly timeMs?: number;
  /** Property ids to run. @defaultValue all built-in properties plus one per external lane */
  readonly properties?: readonly string[];
  /** Worker threads (tinypool); 0 or 1 = in-process; at most `maxWorkers()` (4 per available core). @defaultValue available cores */
  readonly workers?: number;
  /** Where counterexamples are saved; `null` = do not save. @defaultValue 'corpora' */
  readonly corpusDir?: string | null;
  /** Run only shard `index` (1-based) of `count`. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Command of a real Lean runner for the `lean` lane. */
  readonly lean?: string;
  /** Extra external lanes, name → command (`serve:CMD` for the line protocol). */
  readonly lanes?: Readonly<Record<string, string>>;
  /** Replace functions under test (planted bugs); forces an in-process campaign. */
  readonly implementations?: Partial<Implementations>;
  /** Extra properties (tests, power tests); forces an in-process campaign. */
  readonly extraProperties?: readonly AnyFuzzProperty[];
  /**
   * Write the report here (one path or several): a self-contained HTML page when the path ends in
   * `.html`, Markdown for `.md`, else JSON (docs/report.md). Written on an interruption too.
   */
  readonly report?: string | readonly string[];
  /** Called after every chunk of cases, on every phase change and about once a second while a campaign runs. */
  readonly onProgress?: (progress: CampaignProgress) => void;
  /**
   * Stops the campaign when aborted (the CLI aborts it on SIGINT or SIGTERM): no further case is
   * started, workers are stopped, the counterexamples found so far are saved and the report is
   * written with `status: 'interrupted'`.
   */
  readonly signal?: AbortSignal;
  /** Cases per chunk (the unit of work of a worker and of a shard). @defaultValue 20 */
  readonly chunkSize?: number;
  /** Per-chunk timeout in ms (a wedged worker is killed and the chunk reported). @defaultValue 120000 */
  readonly chunkTimeoutMs?: number;
  /**
   * Swarm configurations: each chunk draws one of a dozen configurations per property (constructs on
   * or off with weights, the name space, rejection kinds); `false` = every chunk uses the plain
   * configuration. @defaultValue true
   */
  readonly swarm?: boolean;
  /**
   * Under a time budget, favour the configurations that keep finding new behavioural features (a
   * bandit). Never used with `runs`, so a `runs` campaign stays reproducible from its seed.
   * @defaultValue true
   */
  readonly feedback?: boolean;
  /**
   * The seed pool: inputs that reached a new feature are kept here (`<dir>/<property>/<hash>.msgpack`,
   * corpus format) and replayed first by the next campaign; `null` = no pool.
   * @defaultValue `<corpusDir>/.pool`, or `null` when `corpusDir` is `null`
   */
  readonly poolDir?: string | null;
}

/**
 * What a campaign is doing right now: generating cases, running a lane, shrinking a failure (step k:
 * the smaller failing inputs found so far), or writing the corpus and the report.
 * @example `{ phase: 'shrinking', property: 'cooperative-vs-reference', step: 4, sinceMs: 1200 }`
 * @public
 */
export interface CampaignActivity {
  readonly phase: 'generating' | 'running' | 'shrinking' | 'writing';
  readonly property?: string;
  /** The lane being run (`running`, and `shrinking` while a shrink step runs a lane). */
  readonly lane?: string;
  /** Shrink step (`shrinking`): how many smaller failing inputs were found so far. */
  readonly step?: number;
  /** How long this activity has lasted, in ms. */
  readonly sinceMs: number;
}

/** Live campaign counters for progress output. @example `onProgress: (p) => console.error(p.cases, p.failures)` @public */
export interface CampaignProgress {
  readonly elapsedMs: number;
  /** The time budget in ms, or `null` for a `runs` budget. */
  readonly budgetMs: number | null;
  /** Cases per property of a `runs` budget, else `null`. */
  readonly runs: number | null;
  readonly cases: number;
  readonly casesPerSecond: number;
  readonly failures: number;
  readonly properties: readonly {
    readonly id: string;
    readonly cases: number;
    readonly failures: number;
    readonly skipped?: string;
  }[];
  /** What each busy worker is doing (one entry per worker with work; empty when idle). */
  readonly activity: readonly CampaignActivity[];
  /** A lane run that has lasted longer than a few seconds, the slowest first. */
  readonly slow?: { readonly lane: string; readonly property: string; readonly ms: number };
  /** Set when a property just failed (for the failure block of the CLI). */
  readonly newFailure?: Counterexample;
}

/**
 * A failing property's counterexample, shrunk, with what reproduces it.
 * @example `{ property: 'json-roundtrip', seed: 123, path: '4:0', input, summary: '…', divergence: null, corpusFile: 'corpora/json-roundtrip/ab12….msgpack', numShrinks: 3, chunk: 0 }`
 * @public
 */
export interface Counterexample {
  readonly property: string;
  /** fast-check seed of the chunk (replay with `{ seed, path }`). */
  readonly seed: number;
  readonly path: string;
  readonly input: unknown;
  readonly summary: string;
  readonly divergence: unknown;
  readonly hint?: string;
  readonly numShrinks: number;
  /** `false` when the time budget ran out or the campaign was stopped while shrinking: `input` is the smallest failing input found by then. Absent means fully shrunk. */
  readonly fullyShrunk?: boolean;
  /** Saved corpus file, `null` when the campaign does not save (`corpusDir: null`) or saving failed. */
  readonly corpusFile: string | null;
  readonly chunk: number;
  /** The chunk's generation configuration (absent: plain); with `seed` and `path` it regenerates `input`. */
  readonly swarm?: SwarmConfiguration;
  /** When it was found: generated cases of the property before it, and campaign time (ms) spent on them (shrinking excluded). */
  readonly detection?: { readonly cases: number; readonly ms: number };
  /** The external lanes the property ran, name → command (`lean` = the Lean runner); saved in the entry. */
  readonly lanes?: Readonly<Record<string, string>>;
  /**
   * The command that reproduces it, as printed: `telltale-parity replay FILE` with the lanes it needs,
   * or, when it was not saved, the campaign re-run that finds it again.
   */
  readonly replay?: string;
  /** The two runs compared, for the sequence charts of the HTML report (absent when nothing ran). */
  readonly executions?: readonly Execution[];
}

/**
 * A property's outcome: `passed` (cases ran, none failed), `failed`, `skipped` (could not run here;
 * see `skipped` for the reason), `interrupted` (the campaign was stopped before its budget was
 * spent), or `no-cases` (the time budget was spent before its turn).
 * @example `report.properties.filter((p) => p.status === 'failed')`
 * @public
 */
export type PropertyStatus = 'passed' | 'failed' | 'skipped' | 'interrupted' | 'no-cases';

/**
 * The campaign's verdict: `failed` (a counterexample or an unfinished chunk), `passed`,
 * `interrupted` (SIGINT/SIGTERM or an aborted `signal`; what was found so far is kept), or
 * `nothing-checked` (every property skipped, or no case ran).
 * @example `if (report.status !== 'passed') process.exitCode = 1;`
 * @public
 */
export type CampaignStatus = 'passed' | 'failed' | 'interrupted' | 'nothing-checked';

/** One property's line of the report. @example `{ id: 'heap-vs-model', description: '…', status: 'passed', cases: 200, failures: 0, seconds: 0.4, casesPerSecond: 500, counterexamples: [] }` @public */
export interface PropertyReport {
  readonly id: string;
  readonly description: string;
  /** Absent only in reports built by hand before statuses existed; then derived from the other fields. */
  readonly status?: PropertyStatus;
  readonly cases: number;
  readonly failures: number;
  readonly seconds: number;
  readonly casesPerSecond: number;
  /** Why the property was SKIPPED. */
  readonly skipped?: string;
  /** Corpus files of its counterexamples. */
  readonly counterexamples: readonly string[];
  /** Distribution of what was generated: dimension → bucket → count (fc.statistics style). */
  readonly statistics?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Behavioural features seen, and the known features never seen by this campaign. */
  readonly coverage?: { readonly seen: readonly string[]; readonly notSeen: readonly string[] };
  /** Seed pool of this property: entries replayed first, and entries added for new features. */
  readonly pool?: { readonly replayed: number; readonly added: number };
}

/**
 * The campaign report (the JSON report file is its documented form: docs/report.md).
 * @example `report.properties.find((p) => p.failures > 0)`
 * @public
 */
export interface CampaignReport {
  /** Absent only in reports built by hand; then derived from the properties. */
  readonly status?: CampaignStatus;
  /** The signal that interrupted the campaign (`status: 'interrupted'`). */
  readonly interruptedBy?: string;
  /** telltale-parity's version. */
  readonly version: string;
  /** Node.js version that ran the campaign (`process.version`). */
  readonly node?: string;
  /** When the campaign started (ISO 8601, UTC). */
  readonly startedAt?: string;
  /** Wall-clock duration in ms. */
  readonly wallMs?: number;
  /** External lanes of the campaign, name → command (`lean` = the Lean runner, when configured). */
  readonly lanes?: Readonly<Record<string, string>>;
  /** Where counterexamples were saved (`null`: not saved). */
  readonly corpusDir?: string | null;
  readonly seed: string;
  readonly budget: {
    readonly runs: number | null;
    readonly timeMs: number | null;
    readonly shard: string | null;
    readonly workers: number;
  };
  readonly properties: readonly PropertyReport[];
  readonly counterexamples: readonly Counterexample[];
  /** Problems that did not stop the campaign: corpus write failures, and chunks that never finished (worker timeout or crash; these also count as failures of their property). */
  readonly warnings: readonly string[];
  /** Set when `report` was given but the file could not be written at the end (also in `warnings`). */
  readonly reportError?: string;
}
