/**
 * Session types and projection (projection.md §1): codecs, roles, well-formedness, the Lean
 * projection (`projectCore`), its checker (`checkProjection`, `projectChecked`), the Rust
 * projection with merge (`project`, `projectAll`, `merge`), duality and async subtyping.
 */
export { decodeGlobal, decodeGlobalValue } from './decodeGlobal.js';
export type { StrictDecodeOptions } from './decodeGlobal.js';
export { decodeLocal, decodeLocalValue } from './decodeLocal.js';
export { decodeGlobalLean, decodeGlobalLeanText } from './decodeGlobalLean.js';
export { decodeLocalLean, decodeLocalLeanText } from './decodeLocalLean.js';
export { encodeGlobal } from './encodeGlobal.js';
export { encodeLocal } from './encodeLocal.js';
export { formatJson } from './formatJson.js';
export type { FormatJsonOptions } from './formatJson.js';
export { isWellFormed, wellFormednessParts, uniqueBranchLabels } from './isWellFormed.js';
export type { WellFormednessParts } from './isWellFormed.js';
export { validateGlobal, formatWellFormednessErrors } from './validateGlobal.js';
export { roles } from './roles.js';
export { rolesSorted, compareCodePoints } from './rolesSorted.js';
export { freeVars } from './freeVars.js';
export { dual, isDual } from './dual.js';
export { guarded } from './guarded.js';
export { localEqual } from './localEqual.js';
export { projectCore } from './projectCore.js';
export { checkProjection } from './checkProjection.js';
export { projectChecked } from './projectChecked.js';
export { project } from './project.js';
export { projectAll } from './projectAll.js';
export type { ProjectAllError } from './projectAll.js';
export { merge, mergeAll } from './merge.js';
export { asyncSubtype, DEFAULT_SISO_FUEL } from './asyncSubtype.js';
export type {
  AsyncSubtypeError,
  MergeError,
  MergeErrorKind,
  ProjectionError,
  ProjectionRejected,
  WellFormednessError,
} from '../types/session.js';
export type { BridgeError } from '../types/errors.js';
