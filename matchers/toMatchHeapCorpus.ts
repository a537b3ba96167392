import { readFileSync } from 'node:fs';
import type { MatcherState } from 'vitest';
import { Heap } from '../src/heap/Heap.js';
import { parseHeapJson } from '../src/heap/checkHeapVectors.js';
import { HeapSchemaError } from '../src/heap/HeapSchemaError.js';
import {
  compareFinal,
  readHeapOp,
  readHeapScenario,
  replayAll,
  type HeapCorpusScenario,
} from '../src/heap/replayHeapCorpus.js';
import { TelltaleError } from '../src/types/errors.js';
import type { HeapFieldMismatch, HeapOp } from '../src/types/heap.js';

/**
 * What `toMatchHeapCorpus` accepts as the scenario: a scenario object (`{name, operations, final}`,
 * heap.md §7.3), a `heap_vectors_extra.v1` document holding exactly one scenario, or a file path
 * (`'corpus.json'`, or `'corpus.json#name'` to pick a scenario by name). Files are read synchronously.
 * @public
 */
export type HeapCorpusInput = string | object;

/** Matcher typing; merged into Vitest's `Matchers` by the matcher barrel. @public */
export interface HeapCorpusMatchers<R = unknown> {
  /**
   * `expect(heap).toMatchHeapCorpus(scenario)`: the heap's state equals the scenario's `final`.
   * `expect(operations).toMatchHeapCorpus(scenario)`: replaying `operations` (typed {@link HeapOp}s
   * or the corpus JSON form) on a fresh heap reproduces every step's `result` and `after`, then `final`.
   */
  toMatchHeapCorpus(scenario: HeapCorpusInput): R;
}

function invalid(message: string): never {
  throw new TelltaleError('InvalidHeapCorpus', `toMatchHeapCorpus: ${message}`);
}

function loadScenario(input: unknown): HeapCorpusScenario {
  let value: unknown = input;
  let pick: string | undefined;
  if (typeof input === 'string') {
    const hash = input.lastIndexOf('#');
    const file = hash > 0 ? input.slice(0, hash) : input;
    pick = hash > 0 ? input.slice(hash + 1) : undefined;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return invalid(`cannot read heap corpus file ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const parsed = parseHeapJson(text);
    if (!parsed.ok) return invalid(`${file}: ${parsed.error.message}`);
    value = parsed.value;
  }
  if (typeof value !== 'object' || value === null)
    return invalid('the scenario must be a scenario object, a heap_vectors_extra.v1 document or a file path');
  try {
    if ('heap_scenarios' in value) {
      const list = value.heap_scenarios;
      if (!Array.isArray(list)) return invalid('$.heap_scenarios must be an array');
      const all = list.map((s, i) => readHeapScenario(s, `$.heap_scenarios[${i}]`));
      const chosen = pick === undefined ? (all.length === 1 ? all[0] : undefined) : all.find((s) => s.name === pick);
      if (chosen === undefined) {
        return invalid(
          pick === undefined
            ? `the file holds ${all.length} scenarios; pick one with 'file.json#name' (${all.map((s) => s.name).join(', ')})`
            : `no scenario named '${pick}' (have: ${all.map((s) => s.name).join(', ')})`,
        );
      }
      return chosen;
    }
    return readHeapScenario(value, '$');
  } catch (e) {
    if (e instanceof HeapSchemaError) return invalid(`invalid heap corpus: ${e.code} at ${e.path}: ${e.message}`);
    throw e;
  }
}

const isTypedResource = (r: unknown): boolean =>
  typeof r === 'object' &&
  r !== null &&
  ('content' in r ||
    'typeHash' in r ||
    'seqNo' in r ||
    // Optional fields of an object (checked above), read as unknown.
    (r as { data?: unknown }).data instanceof Uint8Array ||
    (Array.isArray((r as { queue?: unknown }).queue) &&
      (r as { queue: unknown[] }).queue.some((q) => typeof q === 'object' && q !== null && 'payload' in q)));

function toOps(received: readonly unknown[]): HeapOp[] {
  return received.map((x, i) => {
    const typed =
      typeof x === 'object' &&
      x !== null &&
      ('resourceId' in x || 'resourceIds' in x || ('resource' in x && isTypedResource(x.resource)));
    // Typed operations are passed through as the caller built them (the heap checks them when applied).
    if (typed) return x as HeapOp;
    try {
      return readHeapOp(x, `received[${i}]`);
    } catch (e) {
      if (e instanceof HeapSchemaError)
        return invalid(`operation ${i} is not a heap operation: ${e.code} at ${e.path}: ${e.message}`);
      throw e;
    }
  });
}

/**
 * `expect(heap | operations).toMatchHeapCorpus(scenario)` (heap.md §7.4). Synchronous. On failure
 * the message names the first differing step (index and operation) or field (JSON path) with the
 * expected and actual values. A scenario that cannot be read, or a received value that is neither
 * a `Heap` nor an array of operations, throws `TelltaleError` `InvalidHeapCorpus` (with or without `.not`).
 * @example
 * ```ts
 * expect.extend({ toMatchHeapCorpus });
 * expect(heap).toMatchHeapCorpus(doc.heap_scenarios[0]);
 * expect(ops).toMatchHeapCorpus('test/fixtures/heap/corpus.json#published-scenario');
 * ```
 * @public
 */
export function toMatchHeapCorpus(
  this: MatcherState,
  received: unknown,
  scenario: unknown,
): { pass: boolean; message: () => string; actual?: unknown; expected?: unknown } {
  const s = loadScenario(scenario);
  let mismatches: (HeapFieldMismatch & { step?: number; op?: string })[];
  let what: string;
  let fields: number;
  if (received instanceof Heap) {
    mismatches = compareFinal(received, s);
    what = 'heap';
    fields = -1;
  } else if (Array.isArray(received)) {
    const report = replayAll(s, toOps(received), true);
    mismatches = report.mismatches;
    fields = report.fields;
    what = `replay of ${received.length} operation${received.length === 1 ? '' : 's'}`;
  } else {
    return invalid(
      `expected a Heap or an array of heap operations, received ${received === null ? 'null' : typeof received}`,
    );
  }
  const first = mismatches[0];
  const hint = this.utils.matcherHint(
    `${this.isNot ? '.not' : ''}.toMatchHeapCorpus`,
    what === 'heap' ? 'heap' : 'operations',
    'scenario',
    {},
  );
  if (first === undefined) {
    return {
      pass: true,
      message: () =>
        `${hint}\n\nExpected the ${what} not to match heap corpus "${s.name}", but ${what === 'heap' ? 'its final state matched' : `every step and the final state matched (${fields} fields)`}.`,
    };
  }
  const where =
    first.step === undefined ? `field ${first.path}` : `step ${first.step} (${first.op ?? ''}) at ${first.path}`;
  return {
    pass: false,
    message: () =>
      `${hint}\n\nExpected the ${what} to match heap corpus "${s.name}".\nFirst difference: ${where}\nExpected: ${first.expected}\nReceived: ${first.actual}`,
    expected: first.expected,
    actual: first.actual,
  };
}
