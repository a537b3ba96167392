import type { BridgeError, HeapDocumentErrorCode } from '../types/errors.js';

/**
 * A schema problem in a heap document (vector file, corpus scenario or operation, heap.md §7), with
 * its stable `code` and JSON `path`. Thrown by the heap readers and turned into a {@link BridgeError}
 * at the public boundary (`checkHeapVectors`, `decodeHeapScenario`); the `toMatchHeapCorpus` matcher
 * catches it to name the bad field.
 * @example
 * ```ts
 * try { readHeapScenario(json, '$'); } catch (e) { if (e instanceof HeapSchemaError) console.log(e.code, e.path); }
 * ```
 * @internal
 */
export class HeapSchemaError extends Error {
  constructor(
    readonly code: HeapDocumentErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
  /** The same problem as error data. */
  toBridgeError(): BridgeError<HeapDocumentErrorCode> {
    return { code: this.code, path: this.path, message: this.message };
  }
}
