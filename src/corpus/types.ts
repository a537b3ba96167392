/** Corpus file format: the envelope `{ format, version, payload }` with sorted keys. @example `doc.format === CORPUS_FORMAT` @public */
export const CORPUS_FORMAT = 'telltale-parity/corpus';

/**
 * Current corpus payload version; bump it (and keep a decoder) whenever {@link CorpusEntry} changes.
 * Version 2 added `fullyShrunk`; version 3 the optional `lanes` (the external lanes the property ran),
 * `swarm` (the generation configuration that, with `seed` and `path`, regenerates the input) and
 * `features` (seed-pool entries: what the input reached first). Versions 1 and 2 are still read
 * (their entries were fully shrunk, generated plain, and record no lanes).
 * @example `doc.version === CORPUS_VERSION`
 * @public
 */
export const CORPUS_VERSION = 3;

/** Corpus payload versions this release reads. @example `CORPUS_READABLE_VERSIONS.includes(1)` @public */
export const CORPUS_READABLE_VERSIONS: readonly number[] = Object.freeze([1, 2, 3]);

/**
 * Why a corpus entry failed: a one-line summary plus, for lane comparisons, the divergence object of
 * bridge.md §9.4 (`null` otherwise).
 * @example `{ summary: 'event 3 differs in session 0', divergence: null }`
 * @public
 */
export interface CorpusFailure {
  readonly summary: string;
  readonly divergence: unknown;
  readonly hint?: string;
}

/**
 * One saved, shrunk counterexample (the payload of a corpus file).
 *
 * @example
 * ```ts
 * const entry: CorpusEntry = { property: 'json-roundtrip', input: { kind: 'end' }, seed: 42, path: '0:1',
 *   failure: { summary: 'lost a branch', divergence: null }, toolVersion: '0.1.0' };
 * ```
 * @public
 */
export interface CorpusEntry {
  /** Property id (`telltale-parity fuzz --list`). */
  readonly property: string;
  /** The shrunk input the property failed on. */
  readonly input: unknown;
  /** fast-check seed of the case's chunk; with `path` it regenerates `input`. */
  readonly seed: number;
  /** fast-check counterexample path within that seed. */
  readonly path: string;
  /** What went wrong. */
  readonly failure: CorpusFailure;
  /** telltale-parity version that found it. */
  readonly toolVersion: string;
  /** Campaign seed the case came from, when known (for the report only). */
  readonly campaignSeed?: string;
  /**
   * `false` when the campaign's time budget ran out while shrinking: `input` is the smallest failing
   * input found by then, and a later campaign may find a smaller one. Absent means fully shrunk.
   */
  readonly fullyShrunk?: boolean;
  /**
   * The swarm configuration of the chunk the case came from (a `SwarmConfiguration` of the fuzzer):
   * the property's arbitrary under it, with `seed` and `path`, regenerates `input`. Absent: plain.
   */
  readonly swarm?: CorpusSwarm;
  /** Seed-pool entries: the behavioural features this input reached first. */
  readonly features?: readonly string[];
  /**
   * The external lanes the property ran, name → command as given to `--lane NAME=CMD` (`serve:CMD`
   * for the line protocol; `lean` = the Lean runner of `--lean`). Replay needs the same lanes: the
   * printed replay command passes them. Absent or empty for properties of in-process lanes only.
   */
  readonly lanes?: Readonly<Record<string, string>>;
}

/**
 * A swarm configuration as the corpus stores it (the fuzzer's `SwarmConfiguration`).
 * @example `{ id: 'plain', constructs: { recursion: 1 }, names: 'mixed', rejections: ['natural'] }`
 * @public
 */
export interface CorpusSwarm {
  readonly id: string;
  readonly constructs: Readonly<Record<string, number>>;
  readonly names: 'simple' | 'rich' | 'mixed';
  readonly rejections: readonly string[];
}

/** A corpus entry as read from disk: its file and content hash beside the entry. @example `{ file: 'corpora/p/ab….msgpack', hash: 'ab…', entry }` @public */
export interface LoadedCorpusEntry {
  readonly file: string;
  readonly hash: string;
  readonly entry: CorpusEntry;
}

/** A file that could not be read as a corpus entry: reported by name, skipped. @example `{ file: 'corpora/p/x.msgpack', message: 'not valid MessagePack …' }` @public */
export interface CorpusFileProblem {
  readonly file: string;
  readonly message: string;
}

/** A temp file a writer left behind (`*.tmp`, from a killed campaign), with its age. `stale`: older than {@link STALE_TEMP_MS}, so no live writer owns it. @example `{ file: 'corpora/p/ab….msgpack.123.9f3a.tmp', ageMs: 7200000, stale: true }` @public */
export interface CorpusTempFile {
  readonly file: string;
  readonly ageMs: number;
  readonly stale: boolean;
}

/** Age after which a corpus temp file is stale (one hour): a write takes milliseconds, so its writer is gone. @example `STALE_TEMP_MS // 3600000` @public */
export const STALE_TEMP_MS = 3_600_000;
