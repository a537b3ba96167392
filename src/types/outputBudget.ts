/**
 * One output limit for every lane (bridge.md §7): a process lane stops reading a runner's stdout
 * past `maxOutputBytes`; the in-process engines and the reference runner charge what they record
 * against the same limit while they run and stop with the same `OutputTooLarge`, so a request with
 * a huge step budget cannot exhaust memory.
 */
import type { BridgeError, RunnerErrorCode } from './errors.js';

/** The default output limit: 256 MiB, below V8's string limit. @example `DEFAULT_MAX_OUTPUT_BYTES // 268435456` @public */
export const DEFAULT_MAX_OUTPUT_BYTES = 268_435_456;

/** Environment variable that sets the output limit of every lane. @example `process.env[MAX_OUTPUT_BYTES_ENV] = '1048576'` @public */
export const MAX_OUTPUT_BYTES_ENV = 'TELLTALE_PARITY_MAX_OUTPUT_BYTES';

/**
 * The output limit: `option` if given, else `TELLTALE_PARITY_MAX_OUTPUT_BYTES` (an integer ≥ 1),
 * else {@link DEFAULT_MAX_OUTPUT_BYTES}.
 * @example `resolveMaxOutputBytes(undefined, { TELLTALE_PARITY_MAX_OUTPUT_BYTES: '1024' }) // 1024`
 * @public
 */
export function resolveMaxOutputBytes(
  option: number | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  if (option !== undefined) return option;
  const text = env[MAX_OUTPUT_BYTES_ENV];
  if (text !== undefined && /^\s*\d+\s*$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n) && n >= 1) return n;
  }
  return DEFAULT_MAX_OUTPUT_BYTES;
}

/**
 * The `OutputTooLarge` error of bridge.md §5.2, the same for process and in-process lanes.
 * @example `outputTooLarge(1024).message // 'protocol-machine runner output exceeds 1024 bytes'`
 * @public
 */
export function outputTooLarge(limitBytes: number): BridgeError<RunnerErrorCode> {
  return {
    code: 'OutputTooLarge',
    path: '$',
    limitBytes,
    message: `protocol-machine runner output exceeds ${limitBytes} bytes`,
  };
}

/** Thrown by {@link OutputBudget.charge} past the limit; engines catch it and answer {@link outputTooLarge}. @example `if (e instanceof OutputLimitExceeded) return err(outputTooLarge(e.limitBytes));` @public */
export class OutputLimitExceeded extends Error {
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`output exceeds ${limitBytes} bytes`);
    this.name = 'OutputLimitExceeded';
    this.limitBytes = limitBytes;
  }
}

/**
 * Counts the compact-JSON bytes of what a run has recorded so far and throws
 * {@link OutputLimitExceeded} once they pass the limit.
 * @example
 * ```ts
 * const budget = new OutputBudget(1024);
 * budget.charge(stepState); // throws OutputLimitExceeded past 1024 bytes
 * ```
 * @public
 */
export class OutputBudget {
  private used = 0;
  constructor(readonly limitBytes: number) {}
  /** Bytes charged so far. */
  get usedBytes(): number {
    return this.used;
  }
  /** Adds the compact-JSON size of `value`. */
  charge(value: unknown): void {
    this.add(jsonByteLength(value));
  }
  /** Adds `bytes`. */
  add(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limitBytes) throw new OutputLimitExceeded(this.limitBytes);
  }
}

/**
 * The length of `value` as compact JSON, computed without building the text.
 * Strings count their UTF-16 length plus quotes (escapes are not counted: a close lower bound for
 * the ASCII the bridge form holds); `undefined` members are skipped as `JSON.stringify` skips them.
 * Any depth: past a few levels it continues on an explicit stack.
 * @example `jsonByteLength({ a: [1, 'xy'] }) // 14, the length of '{"a":[1,"xy"]}'`
 * @public
 */
export function jsonByteLength(value: unknown): number {
  return lengthOf(value, 0);
}

/** Levels measured by recursion before the explicit stack takes over (bridge values are shallow). */
const kRecursionDepth = 12;

/**
 * The compact-JSON length of a number (`String(v).length`; 4 for `null`, as JSON prints a
 * non-finite one), without building the string for small integers.
 * @example `jsonNumberLength(1234) // 4`
 * @internal
 */
export function jsonNumberLength(v: number): number {
  if (v >= 0 && v < 1e9 && (v | 0) === v) {
    let digits = 1;
    for (let x = v; x >= 10; x = (x / 10) | 0) digits++;
    return digits;
  }
  return Number.isFinite(v) ? String(v).length : 4;
}

/**
 * {@link jsonByteLength} by recursion (a step state or an event: most of the budget's measuring),
 * the same answer as {@link stackLength}, which measures anything deeper.
 */
function lengthOf(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'string':
      return v.length + 2;
    case 'number':
      return jsonNumberLength(v);
    case 'bigint':
      return v.toString().length;
    case 'boolean':
      return v ? 4 : 5;
    case 'object': {
      if (v === null) return 4;
      if (depth >= kRecursionDepth) return stackLength(v);
      if (Array.isArray(v)) {
        let n = v.length === 0 ? 2 : v.length + 1;
        for (let i = 0; i < v.length; i++) {
          const e: unknown = v[i];
          n += e === undefined ? 4 : lengthOf(e, depth + 1);
        }
        return n;
      }
      const record = v as Record<string, unknown>;
      let n = 0;
      let members = 0;
      for (const key in record) {
        const member = record[key];
        if (member === undefined) continue;
        members += 1;
        n += key.length + 3 + lengthOf(member, depth + 1);
      }
      return n + (members === 0 ? 2 : members + 1);
    }
    default:
      return 4;
  }
}

/** {@link jsonByteLength} on an explicit stack: values may nest tens of thousands deep. */
function stackLength(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    switch (typeof v) {
      case 'string':
        n += v.length + 2;
        break;
      case 'number':
        n += jsonNumberLength(v);
        break;
      case 'bigint':
        n += v.toString().length;
        break;
      case 'boolean':
        n += v ? 4 : 5;
        break;
      case 'object':
        if (v === null) n += 4;
        else if (Array.isArray(v)) {
          n += v.length === 0 ? 2 : v.length + 1;
          for (const e of v) stack.push(e === undefined ? null : e);
        } else {
          const record = v as Record<string, unknown>;
          let members = 0;
          for (const key in record) {
            const member = record[key];
            if (member === undefined) continue;
            members += 1;
            n += key.length + 3;
            stack.push(member);
          }
          n += members === 0 ? 2 : members + 1;
        }
        break;
      default:
        n += 4;
    }
  }
  return n;
}
