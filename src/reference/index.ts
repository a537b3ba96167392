/** The reference runner (`telltale-lean-ref`) as a library: run mode, operations and line mode. */
export { runReference, type ReferenceOptions } from './runReference.js';
export {
  runImageReference,
  type ImageReferenceOptions,
  type ImageReferenceDiagnostics,
  type ImageReferenceResult,
} from './imageExecutor.js';
export {
  runReferenceOperation,
  REFERENCE_OPERATIONS,
  REFERENCE_EXTENSION_OPERATIONS,
} from './runReferenceOperation.js';
export { handleReferenceInput, type ReferenceAnswer } from './handleReferenceInput.js';
export { serveReference } from './serveReference.js';
export { stringifySorted } from './_internals/json.js';
