/**
 * `heap check` core (heap.md §7.1–7.4): recognise a vector document by content, recompute every
 * field, and report each mismatch with its JSON path.
 */
import { TelltaleError, type BridgeError, type HeapDocumentErrorCode } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';
import type { HeapFieldMismatch } from '../types/heap.js';
import { asObject, describe, parseLossless } from './_internals/json.js';
import { HeapSchemaError } from './HeapSchemaError.js';

import { checkParity, checkV1 } from './_internals/checkParityVectors.js';
import { checkExtra } from './_internals/checkExtraVectors.js';

export type HeapVectorSchema = 'heap_vectors_v1' | 'heap_parity.v1' | 'heap_vectors_extra.v1';

/** One checked vector group (a line of `heap check` output). @example `{ name: 'heap_fixture', fields: 11, mismatches: [] }` @public */
export interface HeapCheckGroup {
  /** Label, e.g. `resource_fixture` or `resource_vectors[0] (channel/alice-bob-empty@0)`. */
  readonly name: string;
  readonly fields: number;
  readonly mismatches: readonly HeapFieldMismatch[];
}

/** What {@link checkHeapVectors} found in one document or file. @example `{ schema: 'heap_vectors_v1', vectors: 1, fields: 17, mismatches: 0, groups }` @public */
export interface HeapCheckReport {
  readonly schema: HeapVectorSchema;
  readonly vectors: number;
  readonly fields: number;
  readonly mismatches: number;
  readonly groups: readonly HeapCheckGroup[];
}

/** Fields that hold one 32-byte digest (ids, leaves, roots, hashes); preimages have any length. */
function schemaOf(v: unknown, path: string): HeapVectorSchema {
  const o = asObject(v, path);
  if (Object.hasOwn(o, 'schema_version')) {
    const s = o.schema_version;
    if (s === 'heap_parity.v1' || s === 'heap_vectors_extra.v1') return s;
    throw new HeapSchemaError(
      'UnknownSchema',
      `${path}.schema_version`,
      `unknown schema_version ${describe(s)} at ${path}.schema_version; expected "heap_parity.v1" or "heap_vectors_extra.v1" (or none for heap_vectors_v1)`,
    );
  }
  if (Object.hasOwn(o, 'resource_fixture') || Object.hasOwn(o, 'heap_fixture')) return 'heap_vectors_v1';
  throw new HeapSchemaError(
    'UnknownSchema',
    path,
    `${path} fits no heap vector schema: expected heap_vectors_v1 (resource_fixture, heap_fixture), heap_parity.v1 or heap_vectors_extra.v1`,
  );
}

/**
 * Checks a parsed vector document, or an array of documents of one schema (heap.md §7.4).
 * Schema problems (missing field, bad hex, wrong length, u64 out of range, unknown resource kind,
 * unknown schema) are a `BridgeError` with the JSON path of the first problem; mismatches are data.
 * @example
 * ```ts
 * const r = checkHeapVectors(parseHeapJson(text).value);
 * if (r.ok) console.log(r.value.mismatches); // 0
 * ```
 * @public
 */
export function checkHeapVectors(value: unknown): Result<HeapCheckReport, BridgeError<HeapDocumentErrorCode>> {
  try {
    const docs = Array.isArray(value) ? value : [value];
    if (docs.length === 0)
      throw new HeapSchemaError('UnknownSchema', '$', 'an empty array holds no heap vector document');
    const base = (i: number): string => (Array.isArray(value) ? `$[${i}]` : '$');
    const schema = schemaOf(docs[0], base(0));
    const groups: HeapCheckGroup[] = [];
    let vectors = 0;
    docs.forEach((d, i) => {
      const s = schemaOf(d, base(i));
      if (s !== schema)
        throw new HeapSchemaError(
          'MixedSchemas',
          base(i),
          `${base(i)} is a ${s} document but ${base(0)} is ${schema}; one file holds documents of one schema`,
        );
      const doc = asObject(d, base(i));
      const label = Array.isArray(value) ? `[${i}].` : '';
      if (s === 'heap_vectors_v1') groups.push(...checkV1(doc, base(i), label));
      else if (s === 'heap_parity.v1') groups.push(...checkParity(doc, base(i), label));
      else {
        const r = checkExtra(doc, base(i), label);
        groups.push(...r.groups);
        vectors += r.vectors - 1;
      }
      vectors++;
    });
    const fields = groups.reduce((n, g) => n + g.fields, 0);
    const mismatches = groups.reduce((n, g) => n + g.mismatches.length, 0);
    return ok({ schema, vectors, fields, mismatches, groups });
  } catch (e) {
    if (e instanceof HeapSchemaError) return err(e.toBridgeError());
    // Encoding limits (lone surrogate, …) hit while building a fixture's resource: still data.
    if (e instanceof TelltaleError && (e.code === 'HeapEncodingError' || e.code === 'HeapCounterOverflow'))
      return err({ code: e.code, path: e.path ?? '$', message: e.message });
    throw e;
  }
}

/**
 * Parses heap vector JSON losslessly (u64 values past 2^53 stay exact as `bigint`).
 * @example `parseHeapJson('{"seq_no":18446744073709551615}') // { ok: true, value: { seq_no: 18446744073709551615n } }`
 * @public
 */
export function parseHeapJson(text: string): Result<unknown, BridgeError<'InvalidJSON'>> {
  try {
    return ok(parseLossless(text));
  } catch (e) {
    return err({
      code: 'InvalidJSON',
      path: '$',
      message: `invalid JSON: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}
