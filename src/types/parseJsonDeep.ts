/**
 * Stack-safe JSON parsing that keeps numbers exact. V8's `JSON.parse` does not recurse (any nesting
 * up to the memory limit parses), but it rounds integers past 2^53; lossless-json keeps them but
 * recurses, and overflows the stack on the deeply nested choreographies the Lean-compatible decoder
 * must accept (projection.md §3.2). So: the number tokens that `JSON.parse` would round are swapped
 * for placeholder strings in one linear scan, the text is parsed natively, and an iterative walk
 * puts the exact values back.
 */
import { parse as parseLossless } from 'lossless-json';

// A string literal (skipped whole, so digits inside strings are never touched) or a number.
const kToken = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
// Placeholders are the JSON escape \u0000 plus a marker: input that itself contains a \u0000 escape
// (never in a run request) takes the lossless-json path instead, so they cannot collide.
const kMarker = '\u0000#';
const kHasNulEscape = /\\u0000/i;

/** True for a number token `JSON.parse` may not keep exactly (a fraction, an exponent, or 16+ digits). */
function needsExact(token: string): boolean {
  return /[.eE]/.test(token) || token.length - (token.startsWith('-') ? 1 : 0) >= 16;
}

/**
 * Parses JSON text; every number that `JSON.parse` could round is given to `exact` as its source
 * text (the others arrive as `number`). A repeated key keeps its last value. Throws `SyntaxError`
 * with `JSON.parse`'s message on invalid text. Never recurses.
 * @example
 * ```ts
 * parseJsonDeep('{"n":18446744073709551615}', (s) => BigInt(s)); // { n: 18446744073709551615n }
 * ```
 * @public
 */
export function parseJsonDeep(text: string, exact: (token: string) => unknown): unknown {
  const exacts: string[] = [];
  const rewritten = text.replace(kToken, (token) => {
    if (token.startsWith('"') || !needsExact(token)) return token;
    exacts.push(token);
    return `"\\u0000#${exacts.length - 1}"`;
  });
  if (exacts.length === 0) return JSON.parse(text) as unknown;
  if (kHasNulEscape.test(text))
    return parseLossless(text, null, { parseNumber: (s: string) => (needsExact(s) ? exact(s) : Number(s)) });
  let root: unknown;
  try {
    root = JSON.parse(rewritten) as unknown;
  } catch {
    // Report the error of the text as given, not of our rewrite.
    return JSON.parse(text) as unknown;
  }
  const restore = (v: unknown): unknown =>
    typeof v === 'string' && v.startsWith(kMarker) ? exact(exacts[Number(v.slice(kMarker.length))] as string) : v;
  root = restore(root);
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (typeof v === 'string') {
        if (v.startsWith(kMarker)) record[key] = restore(v);
      } else if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
  return root;
}
