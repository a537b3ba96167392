/**
 * `telltale-lean-ref --serve`: line mode (bridge.md §1). Each non-blank stdin line is one request,
 * answered by exactly one stdout line; a hard failure is answered with an `error` object and the
 * same text on stderr; the process keeps serving until EOF.
 */
import { createInterface } from 'node:readline';
import { stringifySorted } from './_internals/json.js';
import { answerReferenceInput } from './handleReferenceInput.js';
import { writeSortedJson } from './writeSortedJson.js';
import type { ReferenceOptions } from './runReference.js';
import type { TextSink, TextSource } from '../types/textStreams.js';

/**
 * Serves requests from `input` to `output` until EOF; resolves with the exit code (0).
 * @example
 * ```ts
 * await serveReference(process.stdin, process.stdout, process.stderr);
 * ```
 * @public
 */
export async function serveReference(
  input: TextSource,
  output: TextSink,
  errors: TextSink,
  options: ReferenceOptions = {},
): Promise<number> {
  // Node's streams are TextSources; readline wants its own name for them.
  const lines = createInterface({ input: input as NodeJS.ReadableStream, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const answer = answerReferenceInput(line, options);
    if (answer.ok) {
      await writeSortedJson(output, answer.value);
    } else {
      const message = `uncaught exception: ${answer.message}`;
      errors.write(`${message}\n`);
      await writeLine(output, stringifySorted({ error: { exit_code: 1, message } }));
    }
  }
  return 0;
}

function writeLine(stream: TextSink, line: string): Promise<void> {
  // Wait for the write to be handed off so the client sees each answer as soon as it exists.
  return new Promise((resolve) => {
    if (stream.write(`${line}\n`)) resolve();
    else stream.once('drain', () => resolve());
  });
}
