/**
 * Text streams spelled without `@types/node`, so the published declarations type-check in a project
 * that does not install Node's types (issue #13 §5). `process.stdin` is a {@link TextSource},
 * `process.stdout` and `process.stderr` are {@link TextSink}s.
 *
 * @example
 * ```ts
 * const out: TextSink = process.stdout;
 * out.write('ready\n');
 * ```
 * @public
 */
export interface TextSink {
  write(text: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** A readable stream of text or bytes (Node's `ReadableStream` members line reading uses). @example `const input: TextSource = process.stdin;` @public */
export interface TextSource extends AsyncIterable<string | Uint8Array> {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}
