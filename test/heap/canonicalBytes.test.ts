import { describe, expect, test } from 'vitest';
import {
  canonicalBytes,
  heapCommitmentPreimage,
  merkleNodePreimage,
  nullifierLeafPreimage,
  resourceIdPreimage,
} from '../../src/heap/canonicalBytes.js';
import { contentHashHex } from '../../src/heap/contentHash.js';
import { deriveResourceId } from '../../src/heap/resourceId.js';
import type { Resource } from '../../src/types/heap.js';
import { TelltaleError } from '../../src/types/errors.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const u8 = (...xs: number[]): Uint8Array => new Uint8Array(xs);
const message: Resource = {
  kind: 'message',
  source: 'Alice',
  dest: 'Bob',
  content: { label: 'Hello', payload: u8(1, 2, 3) },
  seqNo: 7n,
};

describe('canonicalBytes (heap.md §1.4)', () => {
  test('encodes the published message (61 bytes, three preludes)', () => {
    const b = canonicalBytes(message);
    expect(b.length).toBe(61);
    expect(hex(b)).toBe(
      '545448500100415454485001003005000000416c69636503000000426f62545448500100100500000048656c6c6f030000000102030700000000000000',
    );
  });

  test.each<[string, Resource, string]>([
    [
      'channel, empty queue',
      { kind: 'channel', sender: 'Alice', receiver: 'Bob', queue: [] },
      '545448500100405454485001002005000000416c69636503000000426f6200000000',
    ],
    [
      'session',
      { kind: 'session', role: 'Alice', typeHash: 12345n },
      '5454485001004205000000416c6963653930000000000000',
    ],
    ['value', { kind: 'value', tag: 'blob', data: u8(9, 8, 7) }, '5454485001004304000000626c6f6203000000090807'],
    [
      'channel with one queued payload',
      { kind: 'channel', sender: 'Alice', receiver: 'Bob', queue: [{ label: 'Ping', payload: u8(1, 2, 3) }] },
      '545448500100405454485001002005000000416c69636503000000426f6201000000545448500100100400000050696e6703000000010203',
    ],
  ])('encodes %s', (_name, r, expected) => {
    expect(hex(canonicalBytes(r))).toBe(expected);
  });

  test('prefixes strings with their UTF-8 byte length, not UTF-16 length, without normalisation', () => {
    const tagBytes = (tag: string): string => hex(canonicalBytes({ kind: 'value', tag, data: u8() })).slice(14, -8);
    expect(tagBytes('é')).toBe('02000000c3a9');
    expect(tagBytes('𝄞')).toBe('04000000f09d849e');
    expect(tagBytes('e\u0301')).toBe('0300000065cc81');
    expect(tagBytes('\u0000\n')).toBe('02000000000a');
  });

  test('rejects lone surrogates with HeapEncodingError instead of substituting U+FFFD', () => {
    for (const bad of ['\ud834', 'a\udd1eb', '\ud800\ud800']) {
      expect(() => canonicalBytes({ kind: 'session', role: bad, typeHash: 0n })).toThrowError(/lone surrogate/);
    }
    expect(() => canonicalBytes({ kind: 'value', tag: '\udfff', data: u8() })).toThrowError(TelltaleError);
    expect(() => canonicalBytes({ kind: 'value', tag: '\udfff', data: u8() })).toThrowError(
      expect.objectContaining({ code: 'HeapEncodingError' }),
    );
  });

  test('encodes u64 extremes and rejects values outside 0 … 2^64-1', () => {
    expect(hex(canonicalBytes({ kind: 'session', role: '', typeHash: (1n << 64n) - 1n })).slice(-16)).toBe(
      'ffffffffffffffff',
    );
    expect(() => canonicalBytes({ kind: 'session', role: '', typeHash: 1n << 64n })).toThrowError(/u64/);
    expect(() => canonicalBytes({ kind: 'session', role: '', typeHash: -1n })).toThrowError(/u64/);
    expect(() => resourceIdPreimage(u8(), 1n << 64n)).toThrowError(/u64/);
  });
});

describe('preimages and ids (heap.md §3–§4)', () => {
  test('derives the published message id at counter 1', () => {
    const pre = resourceIdPreimage(canonicalBytes(message), 1n);
    expect(hex(pre).startsWith('545448500100503d000000')).toBe(true);
    expect(hex(pre).endsWith('0100000000000000')).toBe(true);
    expect(deriveResourceId(message, 1n)).toEqual({
      digestHex: '5a22a0e61e5faa3ea4c2bee86a92761eea62364727a77a4ed7c3a24c456afd8e',
      counter: 1n,
    });
    expect(deriveResourceId(message, 2n).digestHex).not.toBe(deriveResourceId(message, 1n).digestHex);
  });

  test('has the documented sizes: nullifier 43, node 79, commitment 87 bytes', () => {
    const d = new Uint8Array(32);
    expect(nullifierLeafPreimage(d).length).toBe(43);
    expect(merkleNodePreimage(d, d).length).toBe(79);
    expect(heapCommitmentPreimage(d, d, 0n).length).toBe(87);
  });

  test('hashes the empty string to the published empty root', () => {
    expect(contentHashHex(u8())).toBe('af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262');
  });
});
