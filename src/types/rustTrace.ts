/**
 * telltale's Rust machine events and faults as serde writes them (machine.md §8.1, §12.1–12.2;
 * telltale `ObsEvent` in `rust/machine/src/engine/protocol_machine_config.rs`, `Fault` in
 * `rust/machine/src/coroutine.rs`): externally tagged, PascalCase variants, snake_case fields.
 */
import type { U64 } from './artifact.js';
import type { EffectFailure } from './effectExchange.js';

/** A Rust `Edge`. @example `{ sid: 0, sender: 'A', receiver: 'B' }` @public */
export interface RustEdge {
  readonly sid: U64;
  readonly sender: string;
  readonly receiver: string;
}

/** A Rust `Endpoint`. @example `{ sid: 0, role: 'A' }` @public */
export interface RustEndpoint {
  readonly sid: U64;
  readonly role: string;
}

/** A Rust `ValType`. @example `{ Prod: ['Nat', 'Unit'] }` @public */
export type RustValType =
  | 'Unit'
  | 'Bool'
  | 'Nat'
  | 'String'
  | { readonly Prod: readonly [RustValType, RustValType] }
  | { readonly Chan: { readonly sid: U64; readonly role: string } };

/** A Rust `Fault` (17 variants; machine.md §8.1 maps them to ours). @example `{ UnknownLabel: { label: 'x' } }` @public */
export type RustFault =
  | 'OutOfRegisters'
  | 'PcOutOfBounds'
  | 'OutOfCredits'
  | {
      readonly TypeViolation: {
        readonly expected: RustValType;
        readonly actual: RustValType;
        readonly message: string;
      };
    }
  | { readonly UnknownLabel: { readonly label: string } }
  | { readonly ChannelClosed: { readonly endpoint: RustEndpoint } }
  | { readonly InvalidSignature: { readonly edge: RustEdge } }
  | { readonly VerificationFailed: { readonly edge: RustEdge; readonly message: string } }
  | { readonly Invoke: { readonly failure: EffectFailure } }
  | { readonly Acquire: { readonly layer: string; readonly failure: EffectFailure } }
  | { readonly Transfer: { readonly message: string } }
  | { readonly Speculation: { readonly message: string } }
  | { readonly Close: { readonly message: string } }
  | { readonly FlowViolation: { readonly message: string } }
  | { readonly NoProgressToken: { readonly edge: RustEdge } }
  | { readonly OutputCondition: { readonly predicate_ref: string } }
  | { readonly BufferFull: { readonly endpoint: RustEndpoint } };

/** Rust `SessionTerminalReason`. @example `{ Closed: { reason: 'close instruction' } }` @public */
export type RustSessionTerminalReason =
  | { readonly Closed: { readonly reason: string } }
  | { readonly Cancelled: { readonly reason: string } }
  | { readonly Aborted: { readonly reason: string } }
  | { readonly Faulted: { readonly reason: string } };

/** Rust `OwnershipTerminalReason`. @example `{ OwnerDied: { owner_id: 'owner/a' } }` @public */
export type RustOwnershipTerminalReason =
  | { readonly OwnerDied: { readonly owner_id: string } }
  | { readonly TransferAbandoned: { readonly owner_id: string; readonly claim_id: U64 } }
  | { readonly TransferCommitFailed: { readonly owner_id: string; readonly claim_id: U64; readonly reason: string } };

interface Ticked {
  readonly tick: U64;
}
interface SessionTicked extends Ticked {
  readonly session: U64;
}
interface Message extends SessionTicked {
  readonly edge: RustEdge;
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/**
 * One Rust `ObsEvent` (24 variants), externally tagged.
 * @example `{ Sent: { tick: 1, edge: { sid: 0, sender: 'A', receiver: 'B' }, session: 0, from: 'A', to: 'B', label: 'ping' } }`
 * @public
 */
export type RustObsEvent =
  | { readonly Sent: Message }
  | { readonly Received: Message }
  | { readonly Offered: Ticked & { readonly edge: RustEdge; readonly label: string } }
  | { readonly Chose: Ticked & { readonly edge: RustEdge; readonly label: string } }
  | { readonly Opened: SessionTicked & { readonly roles: readonly string[] } }
  | { readonly Closed: SessionTicked }
  | { readonly SessionTerminal: SessionTicked & { readonly reason: RustSessionTerminalReason } }
  | { readonly EpochAdvanced: Ticked & { readonly sid: U64; readonly epoch: U64 } }
  | { readonly Halted: Ticked & { readonly coro_id: U64 } }
  | { readonly Invoked: Ticked & { readonly coro_id: U64; readonly role: string } }
  | { readonly Acquired: SessionTicked & { readonly role: string; readonly layer: string } }
  | { readonly Released: SessionTicked & { readonly role: string; readonly layer: string } }
  | { readonly Transferred: SessionTicked & { readonly role: string; readonly from: U64; readonly to: U64 } }
  | { readonly Forked: SessionTicked & { readonly ghost: U64 } }
  | { readonly Joined: SessionTicked }
  | { readonly Aborted: SessionTicked }
  | { readonly Tagged: SessionTicked & { readonly role: string; readonly fact: string } }
  | {
      readonly Checked: SessionTicked & { readonly role: string; readonly target: string; readonly permitted: boolean };
    }
  | { readonly Faulted: Ticked & { readonly coro_id: U64; readonly fault: RustFault } }
  | { readonly FailureBranchEntered: SessionTicked & { readonly coro_id: U64; readonly fault: RustFault } }
  | { readonly TimeoutIssued: Ticked & { readonly site: string; readonly until_tick: U64; readonly witness_id: U64 } }
  | {
      readonly CancellationRequested: SessionTicked & {
        readonly witness_id: U64;
        readonly owner_id: string;
        readonly reason: RustOwnershipTerminalReason;
      };
    }
  | { readonly Cancelled: SessionTicked & { readonly witness_id: U64; readonly reason: RustOwnershipTerminalReason } }
  | {
      readonly OutputConditionChecked: Ticked & {
        readonly predicate_ref: string;
        readonly witness_ref: string | null;
        readonly output_digest: string;
        readonly passed: boolean;
      };
    };

/** The variant names of {@link RustObsEvent}, in declaration order. @example `RUST_OBS_EVENT_VARIANTS.length // 24` @public */
export const RUST_OBS_EVENT_VARIANTS = Object.freeze([
  'Sent',
  'Received',
  'Offered',
  'Chose',
  'Opened',
  'Closed',
  'SessionTerminal',
  'EpochAdvanced',
  'Halted',
  'Invoked',
  'Acquired',
  'Released',
  'Transferred',
  'Forked',
  'Joined',
  'Aborted',
  'Tagged',
  'Checked',
  'Faulted',
  'FailureBranchEntered',
  'TimeoutIssued',
  'CancellationRequested',
  'Cancelled',
  'OutputConditionChecked',
] as const);
