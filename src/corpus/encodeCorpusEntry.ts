import { codec } from './_internals/codec.js';
import { canonical } from './canonical.js';
import { contentHashHex } from '../heap/contentHash.js';
import {
  CORPUS_FORMAT,
  CORPUS_READABLE_VERSIONS,
  CORPUS_VERSION,
  type CorpusEntry,
  type CorpusSwarm,
} from './types.js';
import { err, ok, type Result } from '../types/result.js';
import type { BridgeError, CorpusErrorCode } from '../types/errors.js';

/**
 * Encodes a corpus entry into the bytes of its file: the envelope `{format, payload, version}`,
 * canonical (sorted keys), plain MessagePack maps.
 *
 * @example
 * ```ts
 * const bytes = encodeCorpusEntry(entry);
 * decodeCorpusEntry(bytes); // { ok: true, value: entry }
 * ```
 * @public
 */
export function encodeCorpusEntry(entry: CorpusEntry): Uint8Array {
  const payload = { ...entry, fullyShrunk: entry.fullyShrunk ?? true, lanes: { ...(entry.lanes ?? {}) } };
  return codec.pack(canonical({ format: CORPUS_FORMAT, version: CORPUS_VERSION, payload }));
}

/**
 * The content name of a counterexample: BLAKE3 hex of the canonical encoding of `{property, input}`
 * only, so the same counterexample found twice (other seed, other tool version) is stored once.
 *
 * @example
 * ```ts
 * corpusEntryHash('json-roundtrip', { kind: 'end' }); // 64 hex digits
 * ```
 * @public
 */
export function corpusEntryHash(property: string, input: unknown): string {
  return contentHashHex(codec.pack(canonical({ property, input })));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Decodes corpus file bytes. Never throws: a truncated, foreign or future-version file is a
 * `CorruptCorpusFile` / `UnsupportedCorpusVersion` error.
 *
 * @example
 * ```ts
 * const r = decodeCorpusEntry(readFileSync(file));
 * if (!r.ok) console.error(file, r.error.message);
 * ```
 * @public
 */
export function decodeCorpusEntry(bytes: Uint8Array): Result<CorpusEntry, BridgeError<CorpusErrorCode>> {
  let doc: unknown;
  try {
    doc = codec.unpack(bytes);
  } catch (error) {
    return err({
      code: 'CorruptCorpusFile',
      path: '$',
      message: `not valid MessagePack (${shorten(error instanceof Error ? error.message : String(error))}); restore the file from version control or delete it`,
    });
  }
  if (!isRecord(doc) || doc.format !== CORPUS_FORMAT) {
    return err({
      code: 'CorruptCorpusFile',
      path: '$.format',
      message: `not a telltale-parity corpus file (format must be '${CORPUS_FORMAT}')`,
    });
  }
  if (typeof doc.version !== 'number' || !CORPUS_READABLE_VERSIONS.includes(doc.version)) {
    return err({
      code: 'UnsupportedCorpusVersion',
      path: '$.version',
      message: `unsupported corpus version ${String(doc.version)}; this telltale-parity reads versions ${CORPUS_READABLE_VERSIONS.join(' and ')} (a newer telltale-parity wrote this file: upgrade to read it)`,
    });
  }
  const payload = doc.payload;
  if (!isRecord(payload))
    return err({ code: 'CorruptCorpusFile', path: '$.payload', message: 'corpus payload must be a map' });
  const seed = typeof payload.seed === 'bigint' ? Number(payload.seed) : payload.seed;
  if (typeof payload.property !== 'string' || payload.property === '')
    return err({ code: 'CorruptCorpusFile', path: '$.payload.property', message: 'corpus entry has no property id' });
  if (!('input' in payload))
    return err({ code: 'CorruptCorpusFile', path: '$.payload.input', message: 'corpus entry has no input' });
  if (typeof seed !== 'number' || !Number.isInteger(seed))
    return err({ code: 'CorruptCorpusFile', path: '$.payload.seed', message: 'corpus entry seed must be an integer' });
  if (typeof payload.path !== 'string')
    return err({ code: 'CorruptCorpusFile', path: '$.payload.path', message: 'corpus entry path must be a string' });
  if (doc.version >= 2 && typeof payload.fullyShrunk !== 'boolean')
    return err({
      code: 'CorruptCorpusFile',
      path: '$.payload.fullyShrunk',
      message: 'corpus entry fullyShrunk must be a boolean (corpus version 2)',
    });
  if (
    doc.version >= 3 &&
    (!isRecord(payload.lanes) || !Object.values(payload.lanes).every((command) => typeof command === 'string'))
  )
    return err({
      code: 'CorruptCorpusFile',
      path: '$.payload.lanes',
      message: 'corpus entry lanes must be a map of lane names to commands (corpus version 3)',
    });
  const lanes = isRecord(payload.lanes) ? (payload.lanes as Record<string, string>) : {};
  const failure = isRecord(payload.failure) ? payload.failure : {};
  const entry: CorpusEntry = {
    property: payload.property,
    input: payload.input,
    seed,
    path: payload.path,
    failure: {
      summary: typeof failure.summary === 'string' ? failure.summary : '',
      divergence: failure.divergence ?? null,
      ...(typeof failure.hint === 'string' ? { hint: failure.hint } : {}),
    },
    toolVersion: typeof payload.toolVersion === 'string' ? payload.toolVersion : 'unknown',
    ...(typeof payload.campaignSeed === 'string' ? { campaignSeed: payload.campaignSeed } : {}),
    // Version 1 had no time-bounded shrinking: its entries were fully shrunk.
    ...(payload.fullyShrunk === false ? { fullyShrunk: false } : {}),
    ...(isSwarm(payload.swarm) ? { swarm: payload.swarm } : {}),
    ...(Array.isArray(payload.features) && payload.features.every((f) => typeof f === 'string')
      ? { features: payload.features }
      : {}),
    // Versions 1 and 2 recorded no lanes.
    ...(Object.keys(lanes).length > 0 ? { lanes: { ...lanes } } : {}),
  };
  if (payload.swarm !== undefined && !isSwarm(payload.swarm))
    return err({
      code: 'CorruptCorpusFile',
      path: '$.payload.swarm',
      message: 'corpus entry swarm must be a configuration {id, constructs, names, rejections} (corpus version 3)',
    });
  return ok(entry);
}

function isSwarm(v: unknown): v is CorpusSwarm {
  if (!isRecord(v) || typeof v.id !== 'string' || !isRecord(v.constructs)) return false;
  if (v.names !== 'simple' && v.names !== 'rich' && v.names !== 'mixed') return false;
  return (
    Array.isArray(v.rejections) &&
    v.rejections.every((r) => typeof r === 'string') &&
    Object.values(v.constructs).every((w) => typeof w === 'number')
  );
}

// msgpackr quotes what it decoded so far: keep the reason, not a dump of the file.
function shorten(message: string): string {
  return message.length <= 80 ? message : `${message.slice(0, 77)}...`;
}
