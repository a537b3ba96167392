/**
 * A bridge trace event as telltale's client reads it (`ProtocolMachineTraceEvent`, bridge.md §4.3):
 * `schema_version` exactly `lean_bridge.v1`, `kind` any string, `tick` a u64, and sixteen optional
 * fields. Decoded and written with absent and `null` alike omitted (BR-DEV-07; the Lean form), in
 * Rust's field order; unknown fields are ignored, as the client does.
 */
import { SCHEMA_VERSION, type BridgeEvent } from '../../../types/bridge.js';
import { boolC, nullableC, stringC, u64C, type Codec } from './codec.js';
import { fields } from './decoder.js';

const kOptional: readonly (readonly [string, Codec<unknown>])[] = [
  ['session', u64C],
  ['sender', stringC],
  ['receiver', stringC],
  ['label', stringC],
  ['role', stringC],
  ['target', stringC],
  ['permitted', boolC],
  ['epoch', u64C],
  ['ghost', u64C],
  ['from', u64C],
  ['to', u64C],
  ['predicate_ref', stringC],
  ['witness_ref', stringC],
  ['output_digest', stringC],
  ['passed', boolC],
  ['reason', stringC],
];

export const bridgeEventCodec: Codec<BridgeEvent> = {
  read: (d, raw, path) => {
    const f = fields(d, raw, path, 'ProtocolMachineTraceEvent');
    if (f === undefined) return undefined;
    const out: Record<string, unknown> = {
      schema_version: f.version(SCHEMA_VERSION, 'Lean bridge payload'),
      kind: f.req('kind', stringC.read),
      tick: f.req('tick', u64C.read),
    };
    for (const [key, c] of kOptional) {
      const v = f.opt(key, nullableC(c).read, null);
      if (v !== null) out[key] = v;
    }
    return f.done(out as unknown as BridgeEvent);
  },
  write: (e) => {
    const src = e as unknown as Readonly<Record<string, unknown>>;
    const out: Record<string, unknown> = { schema_version: SCHEMA_VERSION, kind: e.kind, tick: e.tick };
    for (const [key] of kOptional) if (src[key] !== undefined && src[key] !== null) out[key] = src[key];
    return out;
  },
};
