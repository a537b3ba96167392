/**
 * Exact JSON text handling for the Tier 2 codecs: a parser that keeps every number exactly
 * (integers as `number`/`bigint`, other numbers as `number` only when that prints back to the same
 * text) and rejects duplicate keys, and a compact writer for what it produces.
 */
import { LosslessNumber, parse } from 'lossless-json';
import type { BridgeError } from '../../../types/errors.js';
import { err, ok, type Result } from '../../../types/result.js';

function parseNumber(text: string): unknown {
  if (/^-?\d+$/.test(text) && text !== '-0') {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  const n = Number(text);
  // `1.5` stays a number; `1.0`, `-0`, `1e400`, `0.10000000000000001` keep their text.
  return Number.isFinite(n) && JSON.stringify(n) === text ? n : new LosslessNumber(text);
}

class Duplicate extends Error {
  constructor(
    readonly key: string,
    readonly position: number,
  ) {
    super(key);
  }
}

/**
 * Parses one JSON document exactly. Not JSON → `InvalidJSON`; a repeated key → `DuplicateField`
 * (serde rejects both); nesting too deep for the parser → `InputTooDeep`. All at path `$`.
 */
export function parseJsonText(text: string): Result<unknown, BridgeError> {
  try {
    return ok(
      parse(text, null, {
        parseNumber,
        onDuplicateKey: ({ key, position }) => {
          throw new Duplicate(key, position);
        },
      }),
    );
  } catch (e) {
    if (e instanceof Duplicate)
      return err({
        code: 'DuplicateField',
        path: '$',
        message: `duplicate field \`${e.key}\` at character ${e.position}; every key may appear once per object`,
      });
    if (e instanceof RangeError)
      return err({ code: 'InputTooDeep', path: '$', message: 'the JSON document is nested too deeply to read' });
    return err({
      code: 'InvalidJSON',
      path: '$',
      message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

function isNumberText(v: object): v is { readonly value: string } {
  const r = v as Record<string, unknown>;
  return r['isLosslessNumber'] === true && typeof r['value'] === 'string';
}

function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      out.push(JSON.stringify(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${String(value)} has no JSON form`);
      out.push(JSON.stringify(value));
      return;
    case 'bigint':
      out.push(value.toString());
      return;
    case 'object':
      break;
    default:
      throw new TypeError(`a ${typeof value} has no JSON form`);
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item: unknown, i) => {
      if (i > 0) out.push(',');
      write(item, out);
    });
    out.push(']');
    return;
  }
  if (isNumberText(value)) {
    out.push(value.value);
    return;
  }
  out.push('{');
  let first = true;
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(key), ':');
    write(item, out);
  }
  out.push('}');
}

/** Compact JSON text of a decoded or encoded value (bigints and exact number texts printed as digits). */
export function stringifyJson(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

/** A short JSON rendering of a value for error messages. */
export function describeJson(value: unknown): string {
  let text: string;
  try {
    text = stringifyJson(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
