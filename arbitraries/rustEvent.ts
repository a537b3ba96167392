/**
 * telltale's Rust machine events as serde writes them (machine.md §12.2): every `ObsEvent` variant
 * and every `Fault` variant, in the decoded form of `decodeRustTrace`.
 */
import fc from 'fast-check';
import type { RustFault, RustObsEvent, RustValType } from '../src/types/rustTrace.js';
import { optionArb, textArb, u64Arb } from './_internals/tier2.js';
import { checkNameSpace, namePoolArb, type NameSpace } from './names.js';

const kRoles = ['A', 'B', 'C'];
const roleArb = fc.constantFrom(...kRoles);
const edgeArb = fc.record({ sid: u64Arb, sender: roleArb, receiver: roleArb });
const endpointArb = fc.record({ sid: u64Arb, role: roleArb });

const valTypeArb: fc.Arbitrary<RustValType> = fc.letrec<{ t: RustValType }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('Unit' as const, 'Bool' as const, 'Nat' as const, 'String' as const),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => ({ Prod: [a, b] as const })),
    fc.record({ sid: u64Arb, role: roleArb }).map((c) => ({ Chan: c })),
  ),
})).t;

const failureArb = fc.record({
  kind: fc.constantFrom('denied', 'timeout', 'cancelled', 'unavailable', 'unknown'),
  message: textArb,
});

/** One Rust `Fault` (17 variants). @internal */
export const rustFaultArb: fc.Arbitrary<RustFault> = fc.oneof(
  { withCrossShrink: true },
  fc.constantFrom('OutOfRegisters' as const, 'PcOutOfBounds' as const, 'OutOfCredits' as const),
  fc
    .record({
      expected: valTypeArb,
      actual: valTypeArb,
      message: fc.constantFrom('bad payload', '[monitor] expected Send state'),
    })
    .map((v) => ({ TypeViolation: v })),
  textArb.map((label) => ({ UnknownLabel: { label } })),
  endpointArb.map((endpoint) => ({ ChannelClosed: { endpoint } })),
  edgeArb.map((edge) => ({ InvalidSignature: { edge } })),
  fc.record({ edge: edgeArb, message: textArb }).map((v) => ({ VerificationFailed: v })),
  failureArb.map((failure) => ({ Invoke: { failure } })),
  fc.record({ layer: textArb, failure: failureArb }).map((v) => ({ Acquire: v })),
  textArb.map((message) => ({ Transfer: { message } })),
  textArb.map((message) => ({ Speculation: { message } })),
  textArb.map((message) => ({ Close: { message } })),
  textArb.map((message) => ({ FlowViolation: { message } })),
  edgeArb.map((edge) => ({ NoProgressToken: { edge } })),
  textArb.map((predicate_ref) => ({ OutputCondition: { predicate_ref } })),
  endpointArb.map((endpoint) => ({ BufferFull: { endpoint } })),
);

const ownershipReasonArb = fc.oneof(
  textArb.map((owner_id) => ({ OwnerDied: { owner_id } })),
  fc.record({ owner_id: textArb, claim_id: u64Arb }).map((v) => ({ TransferAbandoned: v })),
  fc.record({ owner_id: textArb, claim_id: u64Arb, reason: textArb }).map((v) => ({ TransferCommitFailed: v })),
);

const tick = u64Arb;
const session = u64Arb;

/**
 * One Rust machine event (all 24 `ObsEvent` variants, shrinking toward a `Halted` event).
 * @example
 * ```ts
 * fc.assert(fc.property(fc.array(rustEventArb()), (trace) => fromRustTrace(trace).ok));
 * fc.assert(fc.property(fc.array(rustEventArb({ names: 'rich' })), (trace) => fromRustTrace(trace).ok));
 * ```
 * @public
 */
export function rustEventArb(constraints: RustEventConstraints = {}): fc.Arbitrary<RustObsEvent> {
  const names = checkNameSpace('rustEventArb', constraints.names ?? 'simple');
  if (names === 'simple') return simpleEventArb();
  // Roles drawn as A, B, C are renamed by a pool drawn from the space (shrinking back to A, B, C).
  return fc.tuple(namePoolArb(names, kRoles), simpleEventArb()).map(([pool, event]) => {
    const rename = new Map(kRoles.map((r, i) => [r, pool[i] ?? r] as const));
    return renameRoleFields(event, rename) as RustObsEvent;
  });
}

/** Options of {@link rustEventArb}. @example `rustEventArb({ names: 'rich' })` @public */
export interface RustEventConstraints {
  /** Where role names come from (see `NameSpace`); labels and texts stay free text. @defaultValue 'simple' */
  readonly names?: NameSpace;
}

// Fields that hold a role name (or a list of them) in serde's event form.
const kRoleFields = new Set(['role', 'roles', 'from', 'to', 'sender', 'receiver', 'target']);

function renameRoleFields(v: unknown, rename: ReadonlyMap<string, string>, roleField = false): unknown {
  if (typeof v === 'string') return roleField ? (rename.get(v) ?? v) : v;
  if (Array.isArray(v)) return v.map((x: unknown) => renameRoleFields(x, rename, roleField));
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, renameRoleFields(x, rename, kRoleFields.has(k))] as const),
  );
}

function simpleEventArb(): fc.Arbitrary<RustObsEvent> {
  const message = fc.record({ tick, edge: edgeArb, session, from: roleArb, to: roleArb, label: textArb });
  return fc.oneof(
    { withCrossShrink: true },
    fc.record({ tick, coro_id: u64Arb }).map((v) => ({ Halted: v })),
    message.map((v) => ({ Sent: v })),
    message.map((v) => ({ Received: v })),
    fc.record({ tick, edge: edgeArb, label: textArb }).map((v) => ({ Offered: v })),
    fc.record({ tick, edge: edgeArb, label: textArb }).map((v) => ({ Chose: v })),
    fc.record({ tick, session, roles: fc.array(roleArb, { maxLength: 3 }) }).map((v) => ({ Opened: v })),
    fc.record({ tick, session }).map((v) => ({ Closed: v })),
    fc
      .record({
        tick,
        session,
        reason: fc.oneof(
          textArb.map((reason) => ({ Closed: { reason } })),
          textArb.map((reason) => ({ Cancelled: { reason } })),
          textArb.map((reason) => ({ Aborted: { reason } })),
          textArb.map((reason) => ({ Faulted: { reason } })),
        ),
      })
      .map((v) => ({ SessionTerminal: v })),
    fc.record({ tick, sid: u64Arb, epoch: u64Arb }).map((v) => ({ EpochAdvanced: v })),
    fc.record({ tick, coro_id: u64Arb, role: roleArb }).map((v) => ({ Invoked: v })),
    fc.record({ tick, session, role: roleArb, layer: textArb }).map((v) => ({ Acquired: v })),
    fc.record({ tick, session, role: roleArb, layer: textArb }).map((v) => ({ Released: v })),
    fc.record({ tick, session, role: roleArb, from: u64Arb, to: u64Arb }).map((v) => ({ Transferred: v })),
    fc.record({ tick, session, ghost: u64Arb }).map((v) => ({ Forked: v })),
    fc.record({ tick, session }).map((v) => ({ Joined: v })),
    fc.record({ tick, session }).map((v) => ({ Aborted: v })),
    fc.record({ tick, session, role: roleArb, fact: textArb }).map((v) => ({ Tagged: v })),
    fc.record({ tick, session, role: roleArb, target: roleArb, permitted: fc.boolean() }).map((v) => ({ Checked: v })),
    fc.record({ tick, coro_id: u64Arb, fault: rustFaultArb }).map((v) => ({ Faulted: v })),
    fc.record({ tick, session, coro_id: u64Arb, fault: rustFaultArb }).map((v) => ({ FailureBranchEntered: v })),
    fc.record({ tick, site: textArb, until_tick: u64Arb, witness_id: u64Arb }).map((v) => ({ TimeoutIssued: v })),
    fc
      .record({ tick, session, witness_id: u64Arb, owner_id: textArb, reason: ownershipReasonArb })
      .map((v) => ({ CancellationRequested: v })),
    fc.record({ tick, session, witness_id: u64Arb, reason: ownershipReasonArb }).map((v) => ({ Cancelled: v })),
    fc
      .record({
        tick,
        predicate_ref: textArb,
        witness_ref: optionArb(textArb),
        output_digest: textArb,
        passed: fc.boolean(),
      })
      .map((v) => ({ OutputConditionChecked: v })),
  );
}
