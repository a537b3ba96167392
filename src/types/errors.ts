/**
 * Error data shared by the decoders, the runner client and the request checks
 * (projection.md §3.1, bridge.md §5.2–5.3). It is data: returned in a {@link Result}, printed as JSON.
 *
 * @example
 * ```ts
 * const e: BridgeError = { code: 'InvalidKind', path: '$.kind', message: 'Invalid kind: bogus' };
 * ```
 * @public
 */
export interface BridgeError {
  /** Stable code, exactly as the specs name it (e.g. `UnexpectedField`, `TimedOut`, `too_many_sessions`). */
  readonly code: string;
  /** JSONPath-like location (`$`, `$.branches[0].label.sort`). */
  readonly path: string;
  /** Human text, as the spec words it. */
  readonly message: string;
  /** Extra fields some codes carry (`binary`, `exitCode`, `stderr`, `operation`, `timeoutMs`, `limitBytes`). */
  readonly [extra: string]: unknown;
}

/**
 * Thrown only at the edges (CLI usage, plugin options, broken set-up): a stable `code`,
 * a message that says what to do, and the original `cause`.
 *
 * @example
 * ```ts
 * throw new TelltaleError('UsageError', 'unknown flag --bogus; run `telltale-parity --help`');
 * ```
 * @public
 */
export class TelltaleError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  /** JSON path where the problem was found, when there is one. */
  readonly path: string | undefined;
  constructor(code: string, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TelltaleError';
    this.code = code;
    this.path = options.path;
  }
}

/**
 * Appends an object key to a JSONPath-like path the way projection.md §3.1 writes it
 * (`.key` for identifiers, `["key"]` otherwise).
 *
 * @example
 * ```ts
 * pathKey('$', 'branches'); // '$.branches'
 * pathKey('$', 'x-note');   // '$["x-note"]'
 * ```
 * @public
 */
export function pathKey(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Appends an array index to a JSONPath-like path (`$.branches[1]`). @example `pathIndex('$.branches', 1)` @public */
export function pathIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}
