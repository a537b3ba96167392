/**
 * The strict-decoding kit every Tier 2 codec is written with: a {@link Decoder} that collects every
 * problem (code, JSON path, message) instead of stopping at the first, readers for the serde shapes
 * (u64, strings, enums, options, lists, maps, opaque JSON), and {@link Fields} for structs, which
 * records the keys it did not read (serde ignores unknown fields; `validate` lists them).
 */
import type { ArtifactErrorCode, I64, JsonValue, U64 } from '../../../types/artifact.js';
import type { BridgeError } from '../../../types/errors.js';
import { pathIndex, pathKey } from '../../../types/errors.js';
import { err, ok, type Result } from '../../../types/result.js';
import { describeJson } from './json.js';

/** At most this many problems are kept per document; the count of the rest is still reported. */
export const kMaxProblems = 100;

/** Collects the problems and ignored keys of one decoding run. */
export class Decoder {
  readonly problems: BridgeError[] = [];
  readonly ignored: string[] = [];
  /** Problems beyond {@link kMaxProblems}, counted but not kept. */
  dropped = 0;

  fail(code: ArtifactErrorCode, path: string, message: string): undefined {
    if (this.problems.length < kMaxProblems) this.problems.push({ code, path, message });
    else this.dropped += 1;
    return undefined;
  }

  /** Records another decoder's error found inside the value at `path` (its path is rooted at `$`). */
  adopt(error: BridgeError, path: string): undefined {
    const inner = error.path.startsWith('$') ? error.path.slice(1) : '';
    if (this.problems.length < kMaxProblems) this.problems.push({ ...error, path: `${path}${inner}` });
    else this.dropped += 1;
    return undefined;
  }
}

/** Reads one JSON value at `path`; `undefined` means a problem was recorded. */
export type Reader<T> = (d: Decoder, raw: unknown, path: string) => T | undefined;

/** The outcome of decoding a whole document. */
export interface DecodeRun<T> {
  readonly value: T | undefined;
  readonly problems: readonly BridgeError[];
  readonly ignored: readonly string[];
  readonly dropped: number;
}

/** Runs a reader on a document root (`$`). */
export function runReader<T>(read: Reader<T>, json: unknown): DecodeRun<T> {
  const d = new Decoder();
  const value = read(d, json, '$');
  return {
    value: d.problems.length === 0 ? value : undefined,
    problems: d.problems,
    ignored: d.ignored,
    dropped: d.dropped,
  };
}

/** A reader as a `Result` whose error is the first problem found. */
export function decodeWith<T>(read: Reader<T>, json: unknown): Result<T, BridgeError> {
  const run = runReader(read, json);
  const first = run.problems[0];
  if (first !== undefined || run.value === undefined)
    return err(first ?? { code: 'InvalidValue', path: '$', message: 'the document could not be decoded' });
  return ok(run.value);
}

/** Sets an own enumerable property, also for keys such as `__proto__` (role names are free text). */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNumberText(v: unknown): v is { readonly value: string } {
  return isRecord(v) && v['isLosslessNumber'] === true && typeof v['value'] === 'string';
}

/** An integer as it may arrive (number, bigint, or a lossless number with integer text). */
function integerOf(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : undefined;
  if (isNumberText(v) && /^-?\d+$/.test(v.value)) return BigInt(v.value);
  return undefined;
}

/** `number` when it is safe, else `bigint`: the one decoded form of 64-bit integers. */
export function canonInt(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

const kU64Max = (1n << 64n) - 1n;
const kI64Min = -(1n << 63n);
const kI64Max = (1n << 63n) - 1n;

export const str: Reader<string> = (d, raw, path) =>
  typeof raw === 'string' ? raw : d.fail('ExpectedString', path, `expected a string, got ${describeJson(raw)}`);

export const bool: Reader<boolean> = (d, raw, path) =>
  typeof raw === 'boolean' ? raw : d.fail('ExpectedBoolean', path, `expected true or false, got ${describeJson(raw)}`);

export const u64: Reader<U64> = (d, raw, path) => {
  const n = integerOf(raw);
  if (n === undefined || n < 0n || n > kU64Max)
    return d.fail('ExpectedInteger', path, `expected an integer in [0, 2^64 - 1], got ${describeJson(raw)}`);
  return canonInt(n);
};

export const i64: Reader<I64> = (d, raw, path) => {
  const n = integerOf(raw);
  if (n === undefined || n < kI64Min || n > kI64Max)
    return d.fail('ExpectedInteger', path, `expected an integer in [-2^63, 2^63 - 1], got ${describeJson(raw)}`);
  return canonInt(n);
};

/** Any JSON value, kept as it is (opaque). */
export const json: Reader<JsonValue> = (_d, raw) => raw as JsonValue;

/** `null`, or what `read` accepts. */
export function nullable<T>(read: Reader<T>): Reader<T | null> {
  return (d, raw, path) => (raw === null ? null : read(d, raw, path));
}

export function list<T>(read: Reader<T>): Reader<readonly T[]> {
  return (d, raw, path) => {
    if (!Array.isArray(raw)) return d.fail('ExpectedArray', path, `expected an array, got ${describeJson(raw)}`);
    const out: T[] = [];
    let bad = false;
    raw.forEach((item: unknown, i) => {
      const v = read(d, item, pathIndex(path, i));
      if (v === undefined) bad = true;
      else out.push(v);
    });
    return bad ? undefined : out;
  };
}

/** A JSON object used as a map (Rust `BTreeMap<String, T>`); key order is kept as given. */
export function map<T>(read: Reader<T>): Reader<{ readonly [key: string]: T }> {
  return (d, raw, path) => {
    if (!isRecord(raw)) return d.fail('ExpectedObject', path, `expected an object, got ${describeJson(raw)}`);
    const out: Record<string, T> = {};
    let bad = false;
    for (const [key, item] of Object.entries(raw)) {
      const v = read(d, item, pathKey(path, key));
      if (v === undefined) bad = true;
      else setOwn(out, key, v);
    }
    return bad ? undefined : out;
  };
}

/** A serde unit-variant enum written as its string. */
export function enumOf<const T extends string>(type: string, values: readonly T[]): Reader<T> {
  const set: ReadonlySet<string> = new Set(values);
  return (d, raw, path) => {
    if (typeof raw !== 'string')
      return d.fail(
        'ExpectedString',
        path,
        `expected a ${type} string (${values.join(', ')}), got ${describeJson(raw)}`,
      );
    if (!set.has(raw))
      return d.fail(
        'UnknownVariant',
        path,
        `unknown variant \`${raw}\` of ${type}; expected one of ${values.join(', ')}`,
      );
    return raw as T;
  };
}

/** An object tagged by a string `kind` whose other fields are opaque (effect bodies, responses). */
export const kindTagged: Reader<{ readonly kind: string; readonly [field: string]: JsonValue }> = (d, raw, path) => {
  if (!isRecord(raw))
    return d.fail('ExpectedObject', path, `expected an object with a string kind, got ${describeJson(raw)}`);
  if (!Object.hasOwn(raw, 'kind'))
    return d.fail('MissingField', pathKey(path, 'kind'), 'missing field `kind` (the variant tag)');
  if (typeof raw['kind'] !== 'string')
    return d.fail(
      'ExpectedString',
      pathKey(path, 'kind'),
      `expected the variant tag as a string, got ${describeJson(raw['kind'])}`,
    );
  return raw as { readonly kind: string; readonly [field: string]: JsonValue };
};

/**
 * Reads the fields of one struct. `req` records `MissingField` for an absent key; `opt` applies a
 * serde default to an absent key. `done` lists the keys nobody read as ignored and returns the value,
 * or `undefined` when a field had a problem.
 */
export class Fields {
  private readonly seen = new Set<string>();
  private bad = false;

  constructor(
    readonly d: Decoder,
    readonly o: Readonly<Record<string, unknown>>,
    readonly path: string,
    readonly type: string,
  ) {}

  req<T>(key: string, read: Reader<T>): T {
    this.seen.add(key);
    if (!Object.hasOwn(this.o, key)) {
      this.d.fail('MissingField', pathKey(this.path, key), `missing field \`${key}\` in ${this.type}`);
      this.bad = true;
      return undefined as T;
    }
    return this.check(read(this.d, this.o[key], pathKey(this.path, key)));
  }

  opt<T>(key: string, read: Reader<T>, fallback: T): T {
    this.seen.add(key);
    if (!Object.hasOwn(this.o, key)) return fallback;
    return this.check(read(this.d, this.o[key], pathKey(this.path, key)));
  }

  /**
   * A `schema_version` that must be exactly `expected` (bridge.md §6: missing, non-string and other
   * values are all rejected). `payload` names the payload in the message (`Lean bridge payload`).
   */
  version<const V extends string>(expected: V, payload: string | null): V {
    this.seen.add('schema_version');
    const v = this.o['schema_version'];
    if (v === expected) return expected;
    const shown = typeof v === 'string' ? v : JSON.stringify(v ?? null);
    this.d.fail(
      'UnsupportedSchemaVersion',
      pathKey(this.path, 'schema_version'),
      `unsupported schema_version '${shown}'${payload === null ? '' : ` for ${payload}`}; expected '${expected}'`,
    );
    this.bad = true;
    return expected;
  }

  done<T>(value: T): T | undefined {
    for (const key of Object.keys(this.o)) if (!this.seen.has(key)) this.d.ignored.push(pathKey(this.path, key));
    return this.bad ? undefined : value;
  }

  private check<T>(v: T | undefined): T {
    if (v === undefined) this.bad = true;
    return v as T;
  }
}

/** Starts reading a struct, or records `ExpectedObject`. */
export function fields(d: Decoder, raw: unknown, path: string, type: string): Fields | undefined {
  if (!isRecord(raw)) return d.fail('ExpectedObject', path, `expected a ${type} object, got ${describeJson(raw)}`);
  return new Fields(d, raw, path, type);
}

/**
 * An externally tagged enum (serde's default): a unit variant is its name as a string, a data
 * variant a one-key object `{ "<name>": <data> }`.
 */
export function tagged<T>(
  type: string,
  units: readonly string[],
  data: Readonly<Record<string, Reader<unknown>>>,
  build: (variant: string, value: unknown) => T,
): Reader<T> {
  const names = [...units, ...Object.keys(data)].join(', ');
  return (d, raw, path) => {
    if (typeof raw === 'string') {
      if (units.includes(raw)) return build(raw, null);
      if (Object.hasOwn(data, raw))
        return d.fail('UnknownVariant', path, `variant \`${raw}\` of ${type} carries data; write it as {"${raw}": …}`);
      return d.fail('UnknownVariant', path, `unknown variant \`${raw}\` of ${type}; expected one of ${names}`);
    }
    if (!isRecord(raw))
      return d.fail('ExpectedObject', path, `expected a ${type} (${names}), got ${describeJson(raw)}`);
    const keys = Object.keys(raw);
    if (keys.length !== 1)
      return d.fail(
        'ExpectedObject',
        path,
        `expected a ${type} as an object with exactly one key (the variant), got ${keys.length}`,
      );
    const name = keys[0] as string;
    const read = Object.hasOwn(data, name) ? data[name] : undefined;
    if (read === undefined) {
      if (units.includes(name))
        return d.fail(
          'UnknownVariant',
          pathKey(path, name),
          `variant \`${name}\` of ${type} has no data; write it as "${name}"`,
        );
      return d.fail(
        'UnknownVariant',
        pathKey(path, name),
        `unknown variant \`${name}\` of ${type}; expected one of ${names}`,
      );
    }
    const value = read(d, raw[name], pathKey(path, name));
    return value === undefined ? undefined : build(name, value);
  };
}
