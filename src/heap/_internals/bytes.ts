/** Byte helpers shared by the heap encoders: hex, UTF-8 (strict), little-endian integers. */
import { TelltaleError } from '../../types/errors.js';

export const U64_MAX = (1n << 64n) - 1n;
export const U32_MAX = 0xffff_ffff;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  // i < bytes.length.
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number];
  return out;
}

/** Parses hex (either case); `undefined` for odd length or a non-hex character. */
export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Like {@link fromHex} but throws `HeapEncodingError` (for API inputs that must be valid hex). */
export function fromHexOrThrow(hex: string, what: string): Uint8Array {
  const bytes = fromHex(hex);
  if (bytes === undefined)
    throw new TelltaleError(
      'HeapEncodingError',
      `HeapEncodingError: ${what} is not valid hex (even length, 0-9a-f): '${hex}'`,
    );
  return bytes;
}

const encoder = new TextEncoder();
// With the `u` flag a valid pair is one code point, so only unpaired halves match \p{Cs}.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * UTF-8 bytes of a string. A lone surrogate has no counterpart in telltale's strings, so it is
 * rejected instead of letting TextEncoder substitute U+FFFD (heap.md §1.3).
 */
export function utf8(value: string): Uint8Array {
  if (LONE_SURROGATE.test(value)) {
    throw new TelltaleError(
      'HeapEncodingError',
      'HeapEncodingError: lone surrogate in a string field; telltale strings are valid Unicode only',
    );
  }
  return encoder.encode(value);
}

/** Growable little-endian writer; the caller gets an exact-size copy from {@link ByteWriter.finish}. */
export class ByteWriter {
  private buf = new Uint8Array(64);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  u8(n: number): this {
    this.ensure(1);
    this.buf[this.len++] = n;
    return this;
  }

  u16(n: number): this {
    this.ensure(2);
    this.view.setUint16(this.len, n, true);
    this.len += 2;
    return this;
  }

  u32(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > U32_MAX) {
      throw new TelltaleError(
        'HeapEncodingError',
        `HeapEncodingError: length ${n} does not fit the u32 prefix (max ${U32_MAX})`,
      );
    }
    this.ensure(4);
    this.view.setUint32(this.len, n, true);
    this.len += 4;
    return this;
  }

  u64(n: bigint): this {
    if (typeof n !== 'bigint' || n < 0n || n > U64_MAX) {
      throw new TelltaleError(
        'HeapEncodingError',
        `HeapEncodingError: ${String(n)} is not a u64 (0 … 2^64-1); pass a bigint in range`,
      );
    }
    this.ensure(8);
    this.view.setBigUint64(this.len, n, true);
    this.len += 8;
    return this;
  }

  /** `bytes(b)`: u32le length prefix, then the bytes. */
  bytes(b: Uint8Array): this {
    return this.u32(b.length).raw(b);
  }

  /** `str(s)`: UTF-8 byte length prefix, then the UTF-8 bytes. */
  str(s: string): this {
    return this.bytes(utf8(s));
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
