/**
 * Validator argument patterns of `telltale-lean-ref` (projection.md §11.1–11.2): a drop-in for
 * telltale's Lean `telltale_validator`, using the Lean-compatible decoder and `projectCore`.
 * Extension: a path `-` is stdin for an input (at most one) and stdout for `--output`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { asyncSubtype } from '../projection/asyncSubtype.js';
import { decodeGlobalLean, decodeGlobalLeanText } from '../projection/decodeGlobalLean.js';
import { decodeLocalLean, decodeLocalLeanText } from '../projection/decodeLocalLean.js';
import { encodeLocal } from '../projection/encodeLocal.js';
import { formatJson } from '../projection/formatJson.js';
import { localEqual } from '../projection/localEqual.js';
import { projectCore } from '../projection/projectCore.js';
import { roles } from '../projection/roles.js';
import type { LocalType } from '../types/session.js';

const kUsage = [
  'usage: telltale_validator --choreography <path> --program <path> [--log <path>] [--json-log <path>]',
  '       telltale_validator --export-projection <path> --role <role> --output <path>',
  '       telltale_validator --export-all-projections <path> --output <path>',
  '       telltale_validator --check-async-subtype <subtype-path> <supertype-path> --output <path>',
].join('\n');

const kFlags: ReadonlySet<string> = new Set([
  '--choreography',
  '--export-projection',
  '--export-all-projections',
  '--check-async-subtype',
]);

type Pattern =
  | { readonly mode: 'export'; readonly input: string; readonly role: string; readonly output: string }
  | { readonly mode: 'export-all'; readonly input: string; readonly output: string }
  | { readonly mode: 'async'; readonly sub: string; readonly sup: string; readonly output: string }
  | {
      readonly mode: 'validate';
      readonly choreography: string;
      readonly program: string;
      readonly log?: string;
      readonly jsonLog?: string;
    };

/** The names of the `$name` places of an argument pattern. */
type Captures<S extends readonly string[]> = S[number] extends infer T ? (T extends `$${infer K}` ? K : never) : never;

/**
 * Matches argv against one exact argument pattern: literal flags, and `$name` places that take any
 * argument. Returns the arguments at the places by name, or `undefined`.
 */
function capture<const S extends readonly string[]>(
  a: readonly string[],
  shape: S,
): Record<Captures<S>, string> | undefined {
  if (a.length !== shape.length) return undefined;
  const out: Record<string, string> = {};
  for (const [i, s] of shape.entries()) {
    const arg = a[i];
    if (arg === undefined) return undefined;
    if (s.startsWith('$')) out[s.slice(1)] = arg;
    else if (s !== arg) return undefined;
  }
  return out;
}

/** Matches argv against the exact positional patterns of the Lean validator. */
function match(a: readonly string[]): Pattern | undefined {
  const exp = capture(a, ['--export-projection', '$input', '--role', '$role', '--output', '$output']);
  if (exp !== undefined) return { mode: 'export', ...exp };
  const all = capture(a, ['--export-all-projections', '$input', '--output', '$output']);
  if (all !== undefined) return { mode: 'export-all', ...all };
  const sub = capture(a, ['--check-async-subtype', '$sub', '$sup', '--output', '$output']);
  if (sub !== undefined) return { mode: 'async', ...sub };
  const base = capture(a.slice(0, 4), ['--choreography', '$choreography', '--program', '$program']);
  if (base === undefined) return undefined;
  const validate = { mode: 'validate', ...base } as const;
  const rest = a.slice(4);
  if (rest.length === 0) return validate;
  const log = capture(rest, ['--log', '$log']) ?? capture(rest, ['--json-log', '$jsonLog']);
  if (log !== undefined) return { ...validate, ...log };
  const both =
    capture(rest, ['--log', '$log', '--json-log', '$jsonLog']) ??
    capture(rest, ['--json-log', '$jsonLog', '--log', '$log']);
  return both === undefined ? undefined : { ...validate, ...both };
}

/**
 * True when argv starts with one of the validator flags (the dispatcher of `telltale-lean-ref`
 * then hands it to {@link runValidator}, which prints the usage for a malformed pattern).
 * @example
 * ```ts
 * isValidatorInvocation(['--export-all-projections', 'g.json', '--output', 'out.json']); // true
 * ```
 * @public
 */
export function isValidatorInvocation(argv: readonly string[]): boolean {
  return argv[0] !== undefined && kFlags.has(argv[0]);
}

/** An unreadable input kills the Lean program with an uncaught IO error; we say the same. */
class InputUnreadable {
  constructor(readonly message: string) {}
}

let stdinBytes: Buffer | undefined;
function readInput(path: string): Buffer {
  try {
    if (path === '-') return (stdinBytes ??= readFileSync(0));
    return readFileSync(path);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new InputUnreadable(message);
  }
}

/** Lean's `Json.pretty` output: keys sorted, two-space indentation; iterative, so deep projections print. */
function prettySorted(value: unknown): string {
  try {
    return formatJson(value, { indent: 2, sortKeys: true });
  } catch (e) {
    // Indentation of a type nested tens of thousands deep exceeds the longest JS string.
    if (e instanceof RangeError) return formatJson(value, { sortKeys: true });
    throw e;
  }
}

function writeOutput(path: string, doc: unknown): void {
  const text = `${prettySorted(doc)}\n`;
  if (path === '-') process.stdout.write(text);
  else writeFileSync(path, text);
}

function exportProjections(input: string, output: string, role: string | undefined): number {
  const decoded = decodeGlobalLeanText(readInput(input));
  if (!decoded.ok) {
    writeOutput(output, { success: false, error: decoded.error.message });
    return 1;
  }
  const g = decoded.value;
  if (role !== undefined) {
    writeOutput(output, { success: true, projection: encodeLocal(projectCore(g, role)) });
    return 0;
  }
  const projections: Record<string, LocalType> = {};
  for (const r of roles(g)) projections[r] = encodeLocal(projectCore(g, r));
  writeOutput(output, { success: true, projections });
  return 0;
}

function checkAsync(subPath: string, supPath: string, output: string): number {
  // Lean reads both files before decoding either, so an unreadable supertype file wins.
  const subBytes = readInput(subPath);
  const supBytes = readInput(supPath);
  const sub = decodeLocalLeanText(subBytes);
  const sup = decodeLocalLeanText(supBytes);
  if (!sub.ok) {
    writeOutput(output, { success: false, error: `failed to decode subtype local type: ${sub.error.message}` });
    return 1;
  }
  if (!sup.ok) {
    writeOutput(output, { success: false, error: `failed to decode supertype local type: ${sup.error.message}` });
    return 1;
  }
  const r = asyncSubtype(sub.value, sup.value);
  writeOutput(
    output,
    r.ok ? { success: true, result: true } : { success: true, result: false, reason: r.error.message },
  );
  return 0;
}

function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

function validate(p: Extract<Pattern, { mode: 'validate' }>): number {
  const choreo = parseJson(readInput(p.choreography));
  if (!choreo.ok) {
    process.stderr.write(`Failed to parse choreography JSON: ${choreo.message}\n`);
    return 1;
  }
  const decoded = decodeGlobalLean(choreo.value);
  if (!decoded.ok) {
    process.stderr.write(`Failed to decode global type: ${decoded.error.message}\n`);
    return 1;
  }
  const program = parseJson(readInput(p.program));
  if (!program.ok) {
    process.stderr.write(`Failed to parse program JSON: ${program.message}\n`);
    return 1;
  }
  const doc = program.value;
  const obj =
    // Checked to be a non-array object in the same expression.
    typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  const role = obj === undefined ? undefined : Object.hasOwn(obj, 'role') ? obj.role : undefined;
  if (obj === undefined || typeof role !== 'string') {
    process.stderr.write(
      `Failed to decode program: ${obj === undefined ? 'object expected' : Object.hasOwn(obj, 'role') ? 'String expected' : 'property not found: role'}\n`,
    );
    return 1;
  }
  const provided = decodeLocalLean(Object.hasOwn(obj, 'local_type') ? (obj.local_type ?? null) : null);
  if (!provided.ok) {
    process.stderr.write(`Failed to decode program: ${provided.error.message}\n`);
    return 1;
  }
  const expected = projectCore(decoded.value, role);
  const same = localEqual(expected, provided.value);
  const message = same ? 'ok' : 'local type mismatch';
  const status = same ? 'ok' : 'fail';
  if (p.log !== undefined) writeFileSync(p.log, `role=${role},status=${status},message=${message}\n`);
  if (p.jsonLog !== undefined) {
    writeFileSync(
      p.jsonLog,
      `${prettySorted({ role, status, message, expected: encodeLocal(expected), provided: encodeLocal(provided.value) })}\n`,
    );
  }
  if (same) process.stdout.write(`Lean validator: projection matches for ${role}\n`);
  else process.stderr.write(`Projection mismatch for ${role}\n`);
  return same ? 0 : 1;
}

/**
 * Runs one validator pattern (projection.md §11.1–11.2) and returns the exit code: output files as
 * the Lean validator writes them, usage on stdout and exit 1 for any other argument list.
 * @example
 * ```ts
 * const exit = await runValidator(['--export-projection', 'g.json', '--role', 'A', '--output', 'a.json']);
 * ```
 * @public
 */
export async function runValidator(argv: readonly string[]): Promise<number> {
  const p = match(argv);
  if (p === undefined) {
    process.stdout.write(`${kUsage}\n`);
    return 1;
  }
  const inputs =
    p.mode === 'export' || p.mode === 'export-all'
      ? [p.input]
      : p.mode === 'async'
        ? [p.sub, p.sup]
        : [p.choreography, p.program];
  if (inputs.filter((i) => i === '-').length > 1) {
    process.stderr.write('uncaught exception: at most one input may be - (stdin)\n');
    return 1;
  }
  stdinBytes = undefined;
  try {
    switch (p.mode) {
      case 'export':
        return exportProjections(p.input, p.output, p.role);
      case 'export-all':
        return exportProjections(p.input, p.output, undefined);
      case 'async':
        return checkAsync(p.sub, p.sup, p.output);
      case 'validate':
        return validate(p);
    }
  } catch (e) {
    if (e instanceof InputUnreadable) {
      process.stderr.write(`uncaught exception: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
