/**
 * telltale's Rust machine trace (serde `ObsEvent`s, machine.md §12.2) read into our bridge event
 * form (machine.md §13.2), so that a trace produced by telltale's Rust runtime can be compared with
 * a Lean or reference trace by `observationallyEquivalent` and the matchers.
 */
import { decodeRustTrace } from '../bridge/codecs/rustTrace.js';
import { faultTag } from '../machine/faults.js';
import type { U64 } from '../types/artifact.js';
import { SCHEMA_VERSION, type BridgeEvent } from '../types/bridge.js';
import type { BridgeError } from '../types/errors.js';
import type { Edge, Endpoint, Fault } from '../types/machine.js';
import { ok, type Result } from '../types/result.js';
import {
  RUST_OBS_EVENT_VARIANTS,
  type RustEdge,
  type RustEndpoint,
  type RustFault,
  type RustObsEvent,
  type RustOwnershipTerminalReason,
  type RustValType,
} from '../types/rustTrace.js';
import type { ValType } from '../types/session.js';

function num(v: U64): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

function valType(t: RustValType): ValType {
  if (t === 'Unit') return { kind: 'unit' };
  if (t === 'Bool') return { kind: 'bool' };
  if (t === 'Nat') return { kind: 'nat' };
  if (t === 'String') return { kind: 'string' };
  if ('Prod' in t) return { kind: 'prod', left: valType(t.Prod[0]), right: valType(t.Prod[1]) };
  return { kind: 'chan', sid: num(t.Chan.sid), role: t.Chan.role };
}

const edge = (e: RustEdge): Edge => ({ sid: num(e.sid), sender: e.sender, receiver: e.receiver });
const endpoint = (e: RustEndpoint): Endpoint => ({ sid: num(e.sid), role: e.role });

/**
 * A Rust `Fault` as one of our 13 kinds (machine.md §8.1). Where the table gives no text, the Lean
 * text of the same failure is used: `PcOutOfBounds` → `close_fault "pc out of range"`,
 * `BufferFull` → `flow_violation "buffer overflow"` (MD-14), `OutputCondition` →
 * `spec_fault "output condition rejected: <predicate>"` (machine.md §6 stage 7); a `TypeViolation`
 * whose message starts with `[monitor]` is the monitor's `spec_fault`; effect failures keep their
 * message.
 * @example `rustFaultToFault({ UnknownLabel: { label: 'x' } }) // { kind: 'unknown_label', label: 'x' }`
 * @public
 */
export function rustFaultToFault(f: RustFault): Fault {
  if (f === 'OutOfRegisters') return { kind: 'out_of_registers' };
  if (f === 'OutOfCredits') return { kind: 'out_of_credits' };
  if (f === 'PcOutOfBounds') return { kind: 'close_fault', msg: 'pc out of range' };
  if ('TypeViolation' in f) {
    const v = f.TypeViolation;
    return v.message.startsWith('[monitor]')
      ? { kind: 'spec_fault', msg: v.message }
      : { kind: 'type_violation', expected: valType(v.expected), actual: valType(v.actual) };
  }
  if ('UnknownLabel' in f) return { kind: 'unknown_label', label: f.UnknownLabel.label };
  if ('ChannelClosed' in f) return { kind: 'channel_closed', endpoint: endpoint(f.ChannelClosed.endpoint) };
  if ('InvalidSignature' in f) return { kind: 'invalid_signature', edge: edge(f.InvalidSignature.edge) };
  if ('VerificationFailed' in f) return { kind: 'flow_violation', msg: f.VerificationFailed.message };
  if ('Invoke' in f) return { kind: 'invoke_fault', msg: f.Invoke.failure.message };
  if ('Acquire' in f) return { kind: 'acquire_fault', layer: f.Acquire.layer, msg: f.Acquire.failure.message };
  if ('Transfer' in f) return { kind: 'transfer_fault', msg: f.Transfer.message };
  if ('Speculation' in f) return { kind: 'spec_fault', msg: f.Speculation.message };
  if ('Close' in f) return { kind: 'close_fault', msg: f.Close.message };
  if ('FlowViolation' in f) return { kind: 'flow_violation', msg: f.FlowViolation.message };
  if ('NoProgressToken' in f) return { kind: 'no_progress_token', edge: edge(f.NoProgressToken.edge) };
  if ('OutputCondition' in f)
    return { kind: 'spec_fault', msg: `output condition rejected: ${f.OutputCondition.predicate_ref}` };
  return { kind: 'flow_violation', msg: 'buffer overflow' };
}

function ownershipReason(r: RustOwnershipTerminalReason): Record<string, unknown> {
  if ('OwnerDied' in r) return { kind: 'owner_died', owner_id: r.OwnerDied.owner_id };
  if ('TransferAbandoned' in r)
    return {
      kind: 'transfer_abandoned',
      owner_id: r.TransferAbandoned.owner_id,
      claim_id: r.TransferAbandoned.claim_id,
    };
  const c = r.TransferCommitFailed;
  return { kind: 'transfer_commit_failed', owner_id: c.owner_id, claim_id: c.claim_id, reason: c.reason };
}

function bridge(kind: string, tick: U64, fields: Record<string, unknown> = {}): BridgeEvent {
  return { schema_version: SCHEMA_VERSION, kind, tick: num(tick), ...fields };
}

/** One Rust event in bridge form, or `null` for the kinds the bridge form drops. */
function convert(e: RustObsEvent): BridgeEvent | null {
  if ('Sent' in e || 'Received' in e) {
    const [kind, m] = 'Sent' in e ? ['sent', e.Sent] : ['received', e.Received];
    return bridge(kind, m.tick, { session: num(m.session), sender: m.from, receiver: m.to, label: m.label });
  }
  // The Rust engine records an offer (choice) as `Sent` (`Received`) followed by `Offered` (`Chose`).
  if ('Offered' in e || 'Chose' in e || 'Invoked' in e || 'FailureBranchEntered' in e) return null;
  // Rust-only bookkeeping (MD-33); the Lean export has no such event.
  if ('OutputConditionChecked' in e) return null;
  if ('Opened' in e)
    return bridge('opened', e.Opened.tick, { session: num(e.Opened.session), role: e.Opened.roles.join(',') });
  if ('Closed' in e) return bridge('closed', e.Closed.tick, { session: num(e.Closed.session) });
  if ('Halted' in e) return bridge('halted', e.Halted.tick, { target: String(e.Halted.coro_id) });
  if ('Faulted' in e)
    return bridge('faulted', e.Faulted.tick, {
      target: String(e.Faulted.coro_id),
      reason: faultTag(rustFaultToFault(e.Faulted.fault)),
    });
  // Everything else passes through in the machine event JSON (machine.md §12.2).
  if ('EpochAdvanced' in e)
    return bridge('epoch_advanced', e.EpochAdvanced.tick, {
      session: num(e.EpochAdvanced.sid),
      epoch: e.EpochAdvanced.epoch,
    });
  if ('SessionTerminal' in e) {
    const [reasonKind, detail] = Object.entries(e.SessionTerminal.reason)[0] as [string, { reason: string }];
    return bridge('session_terminal', e.SessionTerminal.tick, {
      session: num(e.SessionTerminal.session),
      reason_kind: reasonKind.toLowerCase(),
      reason: detail.reason,
    });
  }
  if ('Acquired' in e || 'Released' in e) {
    const [kind, g] = 'Acquired' in e ? ['acquired', e.Acquired] : ['released', e.Released];
    return bridge(kind, g.tick, { session: num(g.session), role: g.role, layer: g.layer });
  }
  if ('Transferred' in e) {
    const t = e.Transferred;
    return bridge('transferred', t.tick, { session: num(t.session), role: t.role, from: t.from, to: t.to });
  }
  if ('Forked' in e) return bridge('forked', e.Forked.tick, { session: num(e.Forked.session), ghost: e.Forked.ghost });
  if ('Joined' in e) return bridge('joined', e.Joined.tick, { session: num(e.Joined.session) });
  if ('Aborted' in e) return bridge('aborted', e.Aborted.tick, { session: num(e.Aborted.session) });
  if ('Tagged' in e) return bridge('tagged', e.Tagged.tick);
  if ('Checked' in e) return bridge('checked', e.Checked.tick, { permitted: e.Checked.permitted });
  if ('TimeoutIssued' in e) {
    const t = e.TimeoutIssued;
    return bridge('timeout_issued', t.tick, { site: t.site, until_tick: t.until_tick, witness_id: t.witness_id });
  }
  if ('CancellationRequested' in e) {
    const c = e.CancellationRequested;
    return bridge('cancellation_requested', c.tick, {
      session: num(c.session),
      witness_id: c.witness_id,
      owner_id: c.owner_id,
      reason: ownershipReason(c.reason),
    });
  }
  const c = e.Cancelled;
  return bridge('cancelled', c.tick, {
    session: num(c.session),
    witness_id: c.witness_id,
    reason: ownershipReason(c.reason),
  });
}

/**
 * Reads a trace written by telltale's Rust runtime (a JSON array of serde `ObsEvent`s, decoded
 * strictly) into bridge events, as the Lean runner's export would show the same run (machine.md
 * §13.2): `Sent`/`Received` → `sent`/`received` (`from`/`to` → `sender`/`receiver`), `Opened` →
 * `opened` with the roles joined by `,`, `Halted`/`Faulted` → `halted`/`faulted` with `target` the
 * coroutine id and `reason` the fault tag; `Offered`/`Chose` (the Rust engine's duplicates of
 * `Sent`/`Received`), `Invoked`, `FailureBranchEntered` and `OutputConditionChecked` are dropped;
 * the other kinds pass through in the machine event JSON of §12.2. The error is the decoder's first
 * problem (code and JSON path).
 * @example
 * ```ts
 * const r = fromRustTrace(JSON.parse(rustTraceText));
 * if (r.ok) expect(r.value).toBeObservationallyEquivalent(leanOutput);
 * ```
 * @public
 */
export function fromRustTrace(json: unknown): Result<readonly BridgeEvent[], BridgeError> {
  const decoded = decodeRustTrace(json);
  if (!decoded.ok) return decoded;
  const out: BridgeEvent[] = [];
  for (const e of decoded.value) {
    const b = convert(e);
    if (b !== null) out.push(b);
  }
  return ok(out);
}

const kVariants: ReadonlySet<string> = new Set(RUST_OBS_EVENT_VARIANTS);

/**
 * Whether a trace is in the Rust serde form: its first element is an object with exactly one key,
 * a Rust `ObsEvent` variant name.
 * @example `isRustTrace([{ Halted: { tick: 1, coro_id: 0 } }]) // true`
 * @public
 */
export function isRustTrace(trace: readonly unknown[]): boolean {
  const first: unknown = trace[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return false;
  const keys = Object.keys(first);
  return keys.length === 1 && kVariants.has(keys[0] as string);
}
