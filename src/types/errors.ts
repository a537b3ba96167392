import type { ArtifactErrorCode } from './artifact.js';

/**
 * Codes of the global/local type decoders, strict and Lean-compatible (projection.md §3.1–3.2, §11).
 * @example `const c: DecodeErrorCode = 'UnexpectedField';`
 * @public
 */
export type DecodeErrorCode =
  | 'ExpectedObject'
  | 'ExpectedArray'
  | 'ExpectedString'
  | 'ExpectedNat'
  | 'MissingField'
  | 'UnexpectedField'
  | 'InvalidKind'
  | 'InvalidSort'
  | 'InputTooLarge'
  | 'InputTooDeep';

/**
 * Codes of the run request checks and of loading a request, code image, configuration or value into a
 * machine (bridge.md §5.3, machine.md §9), as every engine and the reference runner report them.
 * @example `const c: LoadErrorCode = 'too_many_sessions';`
 * @public
 */
export type LoadErrorCode =
  | 'ParseError'
  | 'validation_failed'
  | 'too_many_sessions'
  | 'too_many_coroutines'
  | 'InvalidConfig'
  | 'InvalidCodeImage'
  | 'InvalidInstruction'
  | 'InvalidValue'
  | 'UnsupportedOperation';

/**
 * Codes of running a lane: the runner client and its processes (bridge.md §5.2, §7), the threaded
 * engine's worker threads, a lane that is skipped, a `--lane NAME=CMD` that does not parse.
 * @example `const c: RunnerErrorCode = 'TimedOut';`
 * @public
 */
export type RunnerErrorCode =
  | 'BinaryNotFound'
  | 'ProcessFailed'
  | 'TimedOut'
  | 'OutputTooLarge'
  | 'ParseError'
  | 'WorkerCrashed'
  | 'LaneSkipped'
  | 'UsageError';

/**
 * Codes of reading heap documents: vector files, corpus scenarios and operations, parity fixtures and
 * the Lean heap runner's answer (heap.md §7–8).
 * @example `const c: HeapDocumentErrorCode = 'UnknownSchema';`
 * @public
 */
export type HeapDocumentErrorCode =
  | 'InvalidJSON'
  | 'InvalidType'
  | 'U64OutOfRange'
  | 'MissingField'
  | 'InvalidKind'
  | 'InvalidHex'
  | 'InvalidLength'
  | 'InvalidDirection'
  | 'UnknownOperation'
  | 'UnknownResourceKind'
  | 'UnknownSchema'
  | 'MixedSchemas'
  | 'InvalidFixture'
  | 'HeapEncodingError'
  | 'HeapCounterOverflow'
  | 'ParseError'
  | 'BinaryNotFound';

/**
 * Codes of reading a corpus entry file (docs/fuzz.md, corpus format).
 * @example `const c: CorpusErrorCode = 'CorruptCorpusFile';`
 * @public
 */
export type CorpusErrorCode = 'CorruptCorpusFile' | 'UnsupportedCorpusVersion';

/**
 * Codes of decoding telltale's `EnvelopeDiff` JSON (bridge.md §11.2).
 * @example `const c: EnvelopeDiffErrorCode = 'InvalidEnvelopeDiff';`
 * @public
 */
export type EnvelopeDiffErrorCode = 'UnsupportedSchemaVersion' | 'InvalidEnvelopeDiff';

/**
 * Codes of the reference runner's structured trace-validation errors (bridge.md §8.2), dotted as the
 * spec writes them.
 * @example `const c: TraceValidationErrorCode = 'trace.unmatched_receive';`
 * @public
 */
export type TraceValidationErrorCode =
  | 'trace.invalid_payload'
  | 'trace.invalid_event'
  | 'trace.invalid_session'
  | 'trace.invalid_roles'
  | 'trace.invalid_sender'
  | 'trace.invalid_receiver'
  | 'trace.invalid_label'
  | 'trace.unknown_session'
  | 'trace.duplicate_open'
  | 'trace.role_mismatch'
  | 'trace.close_before_open'
  | 'trace.close_with_outstanding'
  | 'trace.send_before_open'
  | 'trace.unknown_action'
  | 'trace.recv_before_open'
  | 'trace.unmatched_receive'
  | 'trace.unmatched_send'
  | 'simulation.invalid_payload';

/**
 * Every code a {@link BridgeError} can carry: the union of the layers' codes.
 * @example `const c: BridgeErrorCode = 'InvalidKind';`
 * @public
 */
export type BridgeErrorCode =
  | DecodeErrorCode
  | LoadErrorCode
  | RunnerErrorCode
  | HeapDocumentErrorCode
  | CorpusErrorCode
  | EnvelopeDiffErrorCode
  | ArtifactErrorCode;

/**
 * Error data shared by the decoders, the runner client and the request checks
 * (projection.md §3.1, bridge.md §5.2–5.3). It is data: returned in a {@link Result}, printed as JSON.
 * A function that can fail only in one layer narrows `Code` to that layer's union.
 *
 * @example
 * ```ts
 * const e: BridgeError<DecodeErrorCode> = { code: 'InvalidKind', path: '$.kind', message: 'Invalid kind: bogus' };
 * ```
 * @public
 */
export interface BridgeError<Code extends BridgeErrorCode = BridgeErrorCode> {
  /** Stable code, exactly as the specs name it (e.g. `UnexpectedField`, `TimedOut`, `too_many_sessions`). */
  readonly code: Code;
  /** JSONPath-like location (`$`, `$.branches[0].label.sort`). */
  readonly path: string;
  /** Human text, as the spec words it. */
  readonly message: string;
  /** Extra fields some codes carry (`binary`, `exitCode`, `stderr`, `operation`, `timeoutMs`, `limitBytes`). */
  readonly [extra: string]: unknown;
}

/**
 * Codes of {@link TelltaleError}, thrown only at the edges: bad arguments to a library call or the
 * plugin (`InvalidOption`, `UnknownOption`), command-line usage (`UsageError`), inputs that are not
 * runs (`InvalidTrace`, `InvalidInput`, `RunFailed`, `InvalidSemanticObjects`), unusable set-up (`InvalidDeviationRegistry`,
 * `BinaryNotFound`, `CorruptCorpusFile`, `InvalidHeapCorpus`) and heap limits.
 * @example `const c: TelltaleErrorCode = 'UnknownOption';`
 * @public
 */
export type TelltaleErrorCode =
  | 'UsageError'
  | 'InvalidOption'
  | 'UnknownOption'
  | 'InvalidTrace'
  | 'InvalidInput'
  | 'InvalidSemanticObjects'
  | 'RunFailed'
  | 'InvalidDeviationRegistry'
  | 'InvalidHeapCorpus'
  | 'BinaryNotFound'
  | 'CorruptCorpusFile'
  | 'HeapEncodingError'
  | 'HeapCounterOverflow';

/**
 * Thrown only at the edges (CLI usage, plugin options, broken set-up): a stable `code`,
 * a message that says what to do, and the original `cause`.
 *
 * @example
 * ```ts
 * throw new TelltaleError('UsageError', 'unknown flag --bogus; run `telltale-parity --help`');
 * ```
 * @public
 */
export class TelltaleError extends Error {
  /** Stable machine-readable code. */
  readonly code: TelltaleErrorCode;
  /** JSON path where the problem was found, when there is one. */
  readonly path: string | undefined;
  constructor(code: TelltaleErrorCode, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TelltaleError';
    this.code = code;
    this.path = options.path;
  }
}

/**
 * Appends an object key to a JSONPath-like path the way projection.md §3.1 writes it
 * (`.key` for identifiers, `["key"]` otherwise).
 *
 * @example
 * ```ts
 * pathKey('$', 'branches'); // '$.branches'
 * pathKey('$', 'x-note');   // '$["x-note"]'
 * ```
 * @public
 */
export function pathKey(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Appends an array index to a JSONPath-like path (`$.branches[1]`). @example `pathIndex('$.branches', 1)` @public */
export function pathIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}
