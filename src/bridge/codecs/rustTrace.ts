/**
 * Strict codec of telltale's Rust machine trace as serde writes it (machine.md §12.2 "Rust serde
 * encoding"): a JSON array of externally tagged `ObsEvent`s whose faults are Rust `Fault`s
 * (machine.md §8.1). Every field is required except `OutputConditionChecked.witness_ref`.
 */
import type { JsonValue } from '../../types/artifact.js';
import type { BridgeError } from '../../types/errors.js';
import type { Result } from '../../types/result.js';
import type {
  RustEdge,
  RustEndpoint,
  RustFault,
  RustObsEvent,
  RustOwnershipTerminalReason,
  RustSessionTerminalReason,
  RustValType,
} from '../../types/rustTrace.js';
import { boolC, def, listC, nullableC, req, stringC, structC, taggedC, u64C, type Codec } from './_internals/codec.js';
import { decodeWith, type Reader } from './_internals/decoder.js';
import { describeJson } from './_internals/json.js';
import { effectFailureCodec } from './effectExchange.js';

const edge: Codec<RustEdge> = structC('Edge', { sid: req(u64C), sender: req(stringC), receiver: req(stringC) });
const endpoint: Codec<RustEndpoint> = structC('Endpoint', { sid: req(u64C), role: req(stringC) });

// `Prod(Box<ValType>, Box<ValType>)` is a tuple variant: `{"Prod": [a, b]}`.
const readPair: Reader<readonly [RustValType, RustValType]> = (d, raw, path) => {
  if (!Array.isArray(raw) || raw.length !== 2)
    return d.fail('ExpectedArray', path, `expected a pair [ValType, ValType], got ${describeJson(raw)}`);
  const a = valType.read(d, raw[0], `${path}[0]`);
  const b = valType.read(d, raw[1], `${path}[1]`);
  return a === undefined || b === undefined ? undefined : [a, b];
};
const pair: Codec<readonly [RustValType, RustValType]> = {
  read: readPair,
  write: ([a, b]) => [valType.write(a), valType.write(b)],
};
const valType: Codec<RustValType> = taggedC('ValType', ['Unit', 'Bool', 'Nat', 'String'], {
  Prod: pair,
  Chan: structC('ValType::Chan', { sid: req(u64C), role: req(stringC) }),
});

const message = (type: string): Codec<{ readonly message: string }> => structC(type, { message: req(stringC) });

/** @internal A Rust `Fault`. */
export const rustFaultCodec: Codec<RustFault> = taggedC('Fault', ['OutOfRegisters', 'PcOutOfBounds', 'OutOfCredits'], {
  TypeViolation: structC('Fault::TypeViolation', {
    expected: req(valType),
    actual: req(valType),
    message: req(stringC),
  }),
  UnknownLabel: structC('Fault::UnknownLabel', { label: req(stringC) }),
  ChannelClosed: structC('Fault::ChannelClosed', { endpoint: req(endpoint) }),
  InvalidSignature: structC('Fault::InvalidSignature', { edge: req(edge) }),
  VerificationFailed: structC('Fault::VerificationFailed', { edge: req(edge), message: req(stringC) }),
  Invoke: structC('Fault::Invoke', { failure: req(effectFailureCodec) }),
  Acquire: structC('Fault::Acquire', { layer: req(stringC), failure: req(effectFailureCodec) }),
  Transfer: message('Fault::Transfer'),
  Speculation: message('Fault::Speculation'),
  Close: message('Fault::Close'),
  FlowViolation: message('Fault::FlowViolation'),
  NoProgressToken: structC('Fault::NoProgressToken', { edge: req(edge) }),
  OutputCondition: structC('Fault::OutputCondition', { predicate_ref: req(stringC) }),
  BufferFull: structC('Fault::BufferFull', { endpoint: req(endpoint) }),
});

const sessionTerminalReason: Codec<RustSessionTerminalReason> = taggedC('SessionTerminalReason', [], {
  Closed: structC('SessionTerminalReason::Closed', { reason: req(stringC) }),
  Cancelled: structC('SessionTerminalReason::Cancelled', { reason: req(stringC) }),
  Aborted: structC('SessionTerminalReason::Aborted', { reason: req(stringC) }),
  Faulted: structC('SessionTerminalReason::Faulted', { reason: req(stringC) }),
});

const ownershipReason: Codec<RustOwnershipTerminalReason> = taggedC('OwnershipTerminalReason', [], {
  OwnerDied: structC('OwnershipTerminalReason::OwnerDied', { owner_id: req(stringC) }),
  TransferAbandoned: structC('OwnershipTerminalReason::TransferAbandoned', {
    owner_id: req(stringC),
    claim_id: req(u64C),
  }),
  TransferCommitFailed: structC('OwnershipTerminalReason::TransferCommitFailed', {
    owner_id: req(stringC),
    claim_id: req(u64C),
    reason: req(stringC),
  }),
});

const tick = req(u64C);
const session = req(u64C);
const messageEvent = (type: string): Codec<unknown> =>
  structC(type, {
    tick,
    edge: req(edge),
    session,
    from: req(stringC),
    to: req(stringC),
    label: req(stringC),
  });
const sessionOnly = (type: string): Codec<unknown> => structC(type, { tick, session });
const guard = (type: string): Codec<unknown> =>
  structC(type, { tick, session, role: req(stringC), layer: req(stringC) });

/** @internal One Rust `ObsEvent`. */
export const rustEventCodec: Codec<RustObsEvent> = taggedC('ObsEvent', [], {
  Sent: messageEvent('ObsEvent::Sent'),
  Received: messageEvent('ObsEvent::Received'),
  Offered: structC('ObsEvent::Offered', { tick, edge: req(edge), label: req(stringC) }),
  Chose: structC('ObsEvent::Chose', { tick, edge: req(edge), label: req(stringC) }),
  Opened: structC('ObsEvent::Opened', { tick, session, roles: req(listC(stringC)) }),
  Closed: sessionOnly('ObsEvent::Closed'),
  SessionTerminal: structC('ObsEvent::SessionTerminal', { tick, session, reason: req(sessionTerminalReason) }),
  EpochAdvanced: structC('ObsEvent::EpochAdvanced', { tick, sid: req(u64C), epoch: req(u64C) }),
  Halted: structC('ObsEvent::Halted', { tick, coro_id: req(u64C) }),
  Invoked: structC('ObsEvent::Invoked', { tick, coro_id: req(u64C), role: req(stringC) }),
  Acquired: guard('ObsEvent::Acquired'),
  Released: guard('ObsEvent::Released'),
  Transferred: structC('ObsEvent::Transferred', {
    tick,
    session,
    role: req(stringC),
    from: req(u64C),
    to: req(u64C),
  }),
  Forked: structC('ObsEvent::Forked', { tick, session, ghost: req(u64C) }),
  Joined: sessionOnly('ObsEvent::Joined'),
  Aborted: sessionOnly('ObsEvent::Aborted'),
  Tagged: structC('ObsEvent::Tagged', { tick, session, role: req(stringC), fact: req(stringC) }),
  Checked: structC('ObsEvent::Checked', {
    tick,
    session,
    role: req(stringC),
    target: req(stringC),
    permitted: req(boolC),
  }),
  Faulted: structC('ObsEvent::Faulted', { tick, coro_id: req(u64C), fault: req(rustFaultCodec) }),
  FailureBranchEntered: structC('ObsEvent::FailureBranchEntered', {
    tick,
    session,
    coro_id: req(u64C),
    fault: req(rustFaultCodec),
  }),
  TimeoutIssued: structC('ObsEvent::TimeoutIssued', {
    tick,
    site: req(stringC),
    until_tick: req(u64C),
    witness_id: req(u64C),
  }),
  CancellationRequested: structC('ObsEvent::CancellationRequested', {
    tick,
    session,
    witness_id: req(u64C),
    owner_id: req(stringC),
    reason: req(ownershipReason),
  }),
  Cancelled: structC('ObsEvent::Cancelled', { tick, session, witness_id: req(u64C), reason: req(ownershipReason) }),
  OutputConditionChecked: structC('ObsEvent::OutputConditionChecked', {
    tick,
    predicate_ref: req(stringC),
    witness_ref: def(nullableC(stringC), null),
    output_digest: req(stringC),
    passed: req(boolC),
  }),
});

/** @internal A Rust trace (array of events). */
export const rustTraceCodec: Codec<readonly RustObsEvent[]> = listC(rustEventCodec);

/**
 * Strictly decodes a Rust machine trace: an array of serde `ObsEvent`s (`{"Sent":{…}}`,
 * `{"Halted":{"tick":9,"coro_id":1}}`, …) with their Rust faults, edges and endpoints.
 * @example
 * ```ts
 * decodeRustTrace([{ Halted: { tick: 9 } }]);
 * // err: { code: 'MissingField', path: '$[0].Halted.coro_id', … }
 * ```
 * @public
 */
export function decodeRustTrace(json: unknown): Result<readonly RustObsEvent[], BridgeError> {
  return decodeWith(rustTraceCodec.read, json);
}

/**
 * Canonical JSON of a Rust trace: serde's own form (variant key, fields in declaration order).
 * @example `stringifyArtifact(encodeRustTrace(events))`
 * @public
 */
export function encodeRustTrace(value: readonly RustObsEvent[]): JsonValue {
  return rustTraceCodec.write(value) as JsonValue;
}
