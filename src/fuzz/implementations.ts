import type { GlobalType, LocalType } from '../types/session.js';
import type { RunRequest, RunResult } from '../types/bridge.js';
import type { CodeImage } from '../types/machine.js';
import type { BridgeError } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { checkProjection } from '../projection/checkProjection.js';
import { decodeGlobalValue } from '../projection/decodeGlobal.js';
import { decodeLocalValue } from '../projection/decodeLocal.js';
import { encodeGlobal } from '../projection/encodeGlobal.js';
import { encodeLocal } from '../projection/encodeLocal.js';
import { isWellFormed } from '../projection/isWellFormed.js';
import { project } from '../projection/project.js';
import { projectChecked } from '../projection/projectChecked.js';
import { projectCore } from '../projection/projectCore.js';
import { roles } from '../projection/roles.js';
import { runCooperative } from '../machine/runCooperative.js';
import { runReference } from '../reference/runReference.js';
import { runThreaded } from '../threaded/runThreaded.js';
import { Heap } from '../heap/Heap.js';
import { runImageReference, type ImageReferenceOptions } from '../reference/imageExecutor.js';
import {
  decodeArtifact,
  encodeArtifact,
  type ArtifactDecoding,
  type ArtifactTypes,
  type CodecFamily,
} from '../bridge/codecs/artifact.js';

/** Options the fuzzer passes to the cooperative engine (machine.md §7.7). @example `{ schedule: [1, 0] }` @public */
export interface CooperativeFuzzOptions {
  readonly schedule?: readonly number[];
  readonly trace?: boolean;
  readonly stepStates?: boolean;
  readonly [option: string]: unknown;
}

/** Options the fuzzer passes to the threaded engine (machine.md §11). @example `{ lanes: 2, workers: 1, mode: 'wave_parallel_extension' }` @public */
export interface ThreadedFuzzOptions {
  readonly lanes?: number;
  readonly workers?: number;
  readonly mode?: string;
  readonly [option: string]: unknown;
}

/** A projection error object (projection.md §1: `{ error, message, ...fields }`). @example `{ error: 'MergeFailure', message: '…' }` @public */
export interface ProjectionFailure {
  readonly error: string;
  readonly message: string;
}

/**
 * Every function a built-in property calls, so that tests can plant bugs: pass a partial override
 * as `runCampaign({ implementations })`. Signatures are those of the modules named on each field;
 * they are declared as methods so the real functions (with their narrower option types) fit.
 *
 * @example
 * ```ts
 * const buggy: Partial<Implementations> = { projectCore: (g, r) => ({ kind: 'end' }) };
 * await runCampaign({ runs: 100, seed: 1, implementations: buggy, properties: ['projection-core-vs-merge'] });
 * ```
 * @public
 */
export interface Implementations {
  /** `src/projection`: Lean `trans` (projection.md §6.1). */
  projectCore(g: GlobalType, role: string): LocalType;
  /** `src/projection`: Rust projection with merge (§7). */
  project(g: GlobalType, role: string): Result<LocalType, ProjectionFailure>;
  /** `src/projection`: Lean `projectb` (§6.2). */
  checkProjection(g: GlobalType, role: string, local: LocalType): boolean;
  /** `src/projection`: Lean `projectR?` (§6.2). */
  projectChecked(g: GlobalType, role: string): Result<LocalType, ProjectionFailure>;
  /** `src/projection`: canonical encoders (§2.5). */
  encodeGlobal(g: GlobalType): unknown;
  encodeLocal(t: LocalType): unknown;
  /** `src/projection`: strict decoders of parsed JSON (§3.1). */
  decodeGlobalValue(
    json: unknown,
    options?: { readonly allowLeanOnlyKinds?: boolean },
  ): Result<GlobalType, BridgeError>;
  decodeLocalValue(json: unknown): Result<LocalType, BridgeError>;
  /** `src/projection`: Lean well-formedness (§5.1) and roles in first-occurrence order (§4). */
  isWellFormed(g: GlobalType): boolean;
  roles(g: GlobalType): readonly string[];
  /** `src/machine`: the cooperative engine on a run request or a code image. */
  runCooperative(input: RunRequest | CodeImage, options?: CooperativeFuzzOptions): Result<RunResult, BridgeError>;
  /** `src/reference`: the reference runner (bridge.md §15). */
  runReference(request: RunRequest): Result<RunResult, BridgeError> | Promise<Result<RunResult, BridgeError>>;
  /** `src/reference`: the independent image executor (Lean semantics for whole code images). */
  runImageReference(
    input: CodeImage | readonly CodeImage[],
    options?: ImageReferenceOptions,
  ): Result<RunResult, BridgeError>;
  /** `src/threaded`: the wave-parallel engine. */
  runThreaded(input: RunRequest | CodeImage, options?: ThreadedFuzzOptions): Promise<Result<RunResult, BridgeError>>;
  /** `src/heap`: a fresh, empty heap (heap.md §6). */
  createHeap: () => Heap;
  /** `src/bridge/codecs`: the Tier 2 strict decoders, by family (bridge.md §12–13). */
  decodeArtifact<F extends CodecFamily>(family: F, json: unknown): ArtifactDecoding<ArtifactTypes[F]>;
  /** `src/bridge/codecs`: the Tier 2 canonical encoders, by family. */
  encodeArtifact<F extends CodecFamily>(family: F, value: ArtifactTypes[F]): unknown;
}

/**
 * The real implementations, from their modules.
 * @example `const impl = { ...defaultImplementations(), projectCore: buggyProjectCore };`
 * @public
 */
export function defaultImplementations(): Implementations {
  return {
    projectCore,
    project,
    checkProjection,
    projectChecked,
    encodeGlobal,
    encodeLocal,
    decodeGlobalValue: (json, options) => decodeGlobalValue(json, options),
    decodeLocalValue: (json) => decodeLocalValue(json),
    isWellFormed,
    roles,
    runCooperative: (input, options) => runCooperative(input, options),
    runReference: (request) => runReference(request),
    runImageReference: (input, options) => runImageReference(input, options),
    // ThreadedFuzzOptions is the serialisable part of ThreadedOptions.
    runThreaded: (input, options) => runThreaded(input, options as Parameters<typeof runThreaded>[1]),
    createHeap: () => new Heap(),
    decodeArtifact,
    encodeArtifact,
  };
}
