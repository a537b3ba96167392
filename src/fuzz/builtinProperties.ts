import type { AnyFuzzProperty } from './types.js';
import { cooperativeScheduleInvariants } from './properties/cooperativeScheduleInvariants.js';
import { cooperativeVsReference } from './properties/cooperativeVsReference.js';
import { cooperativeVsReferenceImages } from './properties/cooperativeVsReferenceImages.js';
import { cooperativeVsThreadedEnvelope, cooperativeVsThreadedN1 } from './properties/cooperativeVsThreaded.js';
import { cooperativeVsThreadedImages } from './properties/cooperativeVsThreadedImages.js';
import { heapVsModel } from './properties/heapVsModel.js';
import { jsonRoundTrip } from './properties/jsonRoundTrip.js';
import { artifactRoundTrip } from './properties/artifactRoundTrip.js';
import { laneVsCooperative } from './properties/laneVsCooperative.js';
import { loaderRejectsInvalidImages } from './properties/loaderRejectsInvalidImages.js';
import { projectionCoreVsMerge } from './properties/projectionCoreVsMerge.js';
import { threadedCertificates } from './properties/threadedCertificates.js';

/**
 * The built-in properties, in report order (`telltale-parity fuzz --list`). `lean-vs-cooperative`
 * is always listed and is SKIPPED unless a Lean runner is configured; `--lane NAME=CMD` adds
 * `lane-<name>-vs-cooperative` (see {@link laneVsCooperative}).
 * @example `builtinProperties().map((p) => p.id)`
 * @public
 */
export function builtinProperties(): readonly AnyFuzzProperty[] {
  return [
    jsonRoundTrip,
    artifactRoundTrip,
    projectionCoreVsMerge,
    cooperativeVsReference,
    cooperativeVsReferenceImages,
    cooperativeVsThreadedN1,
    cooperativeVsThreadedEnvelope,
    cooperativeVsThreadedImages,
    cooperativeScheduleInvariants,
    threadedCertificates,
    loaderRejectsInvalidImages,
    heapVsModel,
    laneVsCooperative('lean'),
    // Each property's `check` is a method, so a FuzzProperty<T> is a FuzzProperty<unknown> (types.ts).
  ] as readonly AnyFuzzProperty[];
}
