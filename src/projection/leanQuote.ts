/**
 * Lean `String.quote`: double quotes, with `\\`, `\"`, `\n`, `\t`, `\r` and other control
 * characters escaped (`\x..`/`\u{..}`).
 * @example `leanQuote('a"b') // '"a\\"b"'`
 * @public
 */
export function leanQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    // `ch` is one code point of the string, never empty.
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}
