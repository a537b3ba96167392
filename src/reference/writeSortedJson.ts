/**
 * Streams a value as the reference runner's output form (compact JSON, keys in code-point order,
 * bridge.md §4.7) plus a newline, chunk by chunk with backpressure: the output is never built as one
 * string, so a run output of hundreds of megabytes can be printed. Used by `telltale-lean-ref` and
 * `telltale-parity run`.
 */
import { stringifySortedChunks } from './_internals/json.js';
import type { TextSink } from '../types/textStreams.js';

/**
 * Writes `value` (then `\n`) to `stream`; resolves once every chunk has been handed to the stream.
 * @example
 * ```ts
 * await writeSortedJson(process.stdout, result.value.output);
 * ```
 * @public
 */
export async function writeSortedJson(stream: TextSink, value: unknown): Promise<void> {
  const chunks = stringifySortedChunks(value);
  chunks.push('\n');
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
}
