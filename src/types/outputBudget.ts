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
 * The length of `value` as compact JSON, computed without building the text and without recursion.
 * Strings count their UTF-16 length plus quotes (escapes are not counted: a close lower bound for
 * the ASCII the bridge form holds); `undefined` members are skipped as `JSON.stringify` skips them.
 * @example `jsonByteLength({ a: [1, 'xy'] }) // 14, the length of '{"a":[1,"xy"]}'`
 * @public
 */
export function jsonByteLength(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    switch (typeof v) {
      case 'string':
        n += v.length + 2;
        break;
      case 'number':
        n += Number.isFinite(v) ? String(v).length : 4;
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
