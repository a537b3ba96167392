import { readFile } from 'node:fs/promises';
import { describeFsError } from '../../types/describeFsError.js';
import { err, ok, type Result } from '../../types/result.js';

/**
 * The bytes of an input FILE, or of stdin for `-`: the one way every subcommand reads its input.
 * When it cannot be read, the error is the reason (`no such file or directory (ENOENT)`); the
 * command names the input ({@link inputName}) and exits 2.
 * @example `const bytes = await readInputBytes('request.json'); if (!bytes.ok) console.error(`cannot read request.json: ${bytes.error}`);`
 * @internal
 */
export async function readInputBytes(file: string): Promise<Result<Uint8Array, string>> {
  try {
    if (file !== '-') return ok(await readFile(file));
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return ok(Buffer.concat(chunks));
  } catch (error) {
    return err(describeFsError(error));
  }
}

/** How messages name an input: `'path'`, or `stdin` for `-`. @example `inputName('-') // 'stdin'` @internal */
export function inputName(file: string): string {
  return file === '-' ? 'stdin' : `'${file}'`;
}

const kStrictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Input text, under the one rule of every subcommand (and of the Lean and Rust JSON readers): the
 * bytes must be UTF-8, and a leading byte order mark is not skipped — so a file is accepted exactly
 * when the Lean runner would accept it, whether it comes from a path or from stdin. The error says
 * which rule was broken and where; callers report it as they report invalid JSON.
 * @example `decodeInputText(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])) // { ok: false, error: 'the input starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM' }`
 * @internal
 */
export function decodeInputText(bytes: Uint8Array): Result<string, string> {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return err('the input starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM');
  try {
    return ok(kStrictUtf8.decode(bytes));
  } catch {
    return err(`the input is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)}); save it as UTF-8`);
  }
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const [length, min, max] =
      b < 0x80
        ? [1, 0, 0]
        : b >= 0xc2 && b <= 0xdf
          ? [2, 0x80, 0xbf]
          : b === 0xe0
            ? [3, 0xa0, 0xbf]
            : b === 0xed
              ? [3, 0x80, 0x9f]
              : b >= 0xe1 && b <= 0xef
                ? [3, 0x80, 0xbf]
                : b === 0xf0
                  ? [4, 0x90, 0xbf]
                  : b >= 0xf1 && b <= 0xf3
                    ? [4, 0x80, 0xbf]
                    : b === 0xf4
                      ? [4, 0x80, 0x8f]
                      : [0, 0, 0];
    if (length === 0) return i;
    for (let k = 1; k < length; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? min : 0x80) || c > (k === 1 ? max : 0xbf)) return i;
    }
    i += length;
  }
  return bytes.length;
}
