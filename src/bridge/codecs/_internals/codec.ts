/**
 * Codec combinators: each codec pairs a strict reader with the canonical writer of the same shape,
 * so that a struct is declared once (its fields in Rust declaration order, which is the order serde
 * writes) and both directions follow from the declaration. The declared field types are checked
 * against the public interfaces where the codecs are assigned.
 */
import type { I64, JsonValue, U64 } from '../../../types/artifact.js';
import {
  bool,
  enumOf,
  fields,
  i64,
  json,
  kindTagged,
  list,
  map,
  nullable,
  setOwn,
  str,
  tagged,
  u64,
  type Reader,
} from './decoder.js';

/** A strict reader and the canonical writer of one shape. */
export interface Codec<T> {
  readonly read: Reader<T>;
  // A method, so that a codec of a narrower type fits where `Codec<unknown>` is expected.
  write(value: T): unknown;
}

const same = <T>(v: T): unknown => v;

export const stringC: Codec<string> = { read: str, write: same };
export const boolC: Codec<boolean> = { read: bool, write: same };
export const u64C: Codec<U64> = { read: u64, write: same };
export const i64C: Codec<I64> = { read: i64, write: same };
export const jsonC: Codec<JsonValue> = { read: json, write: same };
export const kindTaggedC: Codec<{ readonly kind: string; readonly [field: string]: JsonValue }> = {
  read: kindTagged,
  write: same,
};

export function nullableC<T>(c: Codec<T>): Codec<T | null> {
  return { read: nullable(c.read), write: (v) => (v === null ? null : c.write(v)) };
}

export function listC<T>(c: Codec<T>): Codec<readonly T[]> {
  return { read: list(c.read), write: (vs) => vs.map((v) => c.write(v)) };
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A Rust `BTreeMap<String, T>`: written with keys in ascending order, as serde does. */
export function sortedMapC<T>(c: Codec<T>): Codec<{ readonly [key: string]: T }> {
  return {
    read: map(c.read),
    write: (v) => {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort(compareCodePoints)) setOwn(out, key, c.write(v[key] as T));
      return out;
    },
  };
}

export function enumC<const T extends string>(type: string, values: readonly T[]): Codec<T> {
  return { read: enumOf(type, values), write: same };
}

/**
 * An externally tagged enum: unit variants are their names (strings), data variants one-key objects.
 * `T` is the wire shape (`'Session' | { Fragments: string[] }`).
 */
export function taggedC<T>(
  type: string,
  units: readonly string[],
  data: Readonly<Record<string, Codec<unknown>>>,
): Codec<T> {
  const readers: Record<string, Reader<unknown>> = {};
  for (const [name, c] of Object.entries(data)) readers[name] = c.read;
  return {
    read: tagged(
      type,
      units,
      readers,
      (name, value) => (typeof value === 'undefined' || value === null ? name : { [name]: value }) as T,
    ),
    write: (v) => {
      if (typeof v === 'string') return v;
      const [name, value] = Object.entries(v as Record<string, unknown>)[0] as [string, unknown];
      const c = data[name];
      return { [name]: c === undefined ? value : c.write(value) };
    },
  };
}

/** One field of a struct declaration. */
export type FieldDef<T> =
  | { readonly kind: 'req'; readonly codec: Codec<T> }
  | { readonly kind: 'def'; readonly codec: Codec<T>; readonly fallback: T }
  | { readonly kind: 'version'; readonly expected: T & string; readonly payload: string | null };

/** A required field (a Rust field without a serde default; `Option`s are `nullableC`). */
export function req<T>(codec: Codec<T>): FieldDef<T> {
  return { kind: 'req', codec };
}

/** A field with a serde default: an absent key reads as `fallback`. */
export function def<T>(codec: Codec<T>, fallback: T): FieldDef<T> {
  return { kind: 'def', codec, fallback };
}

/** The `schema_version` field: exactly `expected` (bridge.md §6); `payload` names it in the message. */
export function version<const V extends string>(expected: V, payload: string | null): FieldDef<V> {
  return { kind: 'version', expected, payload };
}

type Infer<D> = { readonly [K in keyof D]: D[K] extends FieldDef<infer V> ? V : never };

/**
 * A struct: fields read and written in declaration order; unknown keys are ignored (and listed),
 * as serde does for structs without `deny_unknown_fields`.
 */
export function structC<const D extends Readonly<Record<string, FieldDef<unknown>>>>(
  type: string,
  defs: D,
): Codec<Infer<D>> {
  const entries = Object.entries<FieldDef<unknown>>(defs);
  return {
    read: (d, raw, path) => {
      const f = fields(d, raw, path, type);
      if (f === undefined) return undefined;
      const out: Record<string, unknown> = {};
      for (const [key, field] of entries) {
        out[key] =
          field.kind === 'req'
            ? f.req(key, field.codec.read)
            : field.kind === 'def'
              ? f.opt(key, field.codec.read, field.fallback)
              : f.version(field.expected, field.payload);
      }
      return f.done(out as Infer<D>);
    },
    write: (v) => {
      const out: Record<string, unknown> = {};
      const src = v as Readonly<Record<string, unknown>>;
      for (const [key, field] of entries)
        out[key] = field.kind === 'version' ? field.expected : field.codec.write(src[key]);
      return out;
    },
  };
}
