import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { rustEventArb } from '../../arbitraries/rustEvent.js';
import { parityMatchers } from '../../matchers/index.js';
import { faultTag } from '../../src/machine/faults.js';
import { fromRustTrace, isRustTrace, rustFaultToFault } from '../../src/trace/fromRustTrace.js';
import { observationallyEquivalent } from '../../src/trace/observationallyEquivalent.js';
import type { RustFault, RustObsEvent } from '../../src/types/rustTrace.js';
import { clientServerTrace, output } from './_fixtures.js';
import { failureOf } from '../matchers/_helpers.js';

expect.extend(parityMatchers);

const edge = (sender: string, receiver: string) => ({ sid: 0, sender, receiver });
const msg = (kind: 'Sent' | 'Received', tick: number, from: string, to: string, label: string): RustObsEvent =>
  ({ [kind]: { tick, edge: edge(from, to), session: 0, from, to, label } }) as RustObsEvent;

/** The run of bridge.md §15.9 as telltale's Rust machine records it (offers and choices twice). */
const rustClientServer: RustObsEvent[] = [
  { Opened: { tick: 0, session: 0, roles: ['Client', 'Server'] } },
  msg('Sent', 1, 'Client', 'Server', 'req'),
  { Offered: { tick: 1, edge: edge('Client', 'Server'), label: 'req' } },
  msg('Received', 2, 'Client', 'Server', 'req'),
  { Chose: { tick: 2, edge: edge('Client', 'Server'), label: 'req' } },
  { Invoked: { tick: 3, coro_id: 0, role: 'Client' } },
  { Invoked: { tick: 4, coro_id: 1, role: 'Server' } },
  msg('Sent', 6, 'Server', 'Client', 'ack'),
  { Offered: { tick: 6, edge: edge('Server', 'Client'), label: 'ack' } },
  msg('Received', 8, 'Server', 'Client', 'ack'),
  {
    OutputConditionChecked: {
      tick: 8,
      predicate_ref: 'protocol_machine.observable_output',
      witness_ref: null,
      output_digest: 'd',
      passed: true,
    },
  },
  { Halted: { tick: 9, coro_id: 1 } },
  { Halted: { tick: 11, coro_id: 0 } },
];

describe('fromRustTrace', () => {
  test('the Rust record of the §15.9 run is the Lean runner’s bridge trace', () => {
    const r = fromRustTrace(rustClientServer);
    expect(r).toEqual({ ok: true, value: clientServerTrace });
  });

  test('a Rust trace is compared directly, against a runner output, with the matcher', () => {
    expect(isRustTrace(rustClientServer)).toBe(true);
    expect(rustClientServer).toBeObservationallyEquivalent(output(clientServerTrace));
    const wrong = rustClientServer.map((e, i) => (i === 7 ? msg('Sent', 6, 'Server', 'Client', 'nack') : e));
    expect(failureOf(() => expect(wrong).toBeObservationallyEquivalent(output(clientServerTrace)))).toContain(
      // Issue #13 §7: the matcher names sides without a lane by its own words, not left/right.
      'event 3 differs in session 0: received sent Server->Client "nack", expected sent Server->Client "ack"',
    );
    expect(observationallyEquivalent(rustClientServer, clientServerTrace, { ticks: 'exact' }).equivalent).toBe(true);
  });

  test('a malformed Rust trace cannot be compared and names the path', () => {
    const bad = [{ Halted: { tick: 9 } }];
    expect(fromRustTrace(bad)).toMatchObject({
      ok: false,
      error: { code: 'MissingField', path: '$[0].Halted.coro_id' },
    });
    expect(failureOf(() => expect(bad).toBeObservationallyEquivalent(clientServerTrace))).toContain(
      'Cannot compare: received looks like a Rust machine trace but $[0].Halted.coro_id is not a valid ObsEvent',
    );
  });

  test('faults become our fault tags (machine.md §8.1)', () => {
    const cases: [RustFault, string][] = [
      ['OutOfRegisters', 'out_of_registers'],
      ['OutOfCredits', 'out_of_credits'],
      ['PcOutOfBounds', 'close_fault:pc out of range'],
      [
        { TypeViolation: { expected: { Prod: ['Nat', 'Unit'] }, actual: 'Bool', message: 'x' } },
        'type_violation:ValType.prod ValType.nat ValType.unit->ValType.bool',
      ],
      [
        { TypeViolation: { expected: 'Unit', actual: 'Unit', message: '[monitor] expected Send state' } },
        'spec_fault:[monitor] expected Send state',
      ],
      [{ UnknownLabel: { label: 'x' } }, 'unknown_label:x'],
      [{ ChannelClosed: { endpoint: { sid: 0, role: 'B' } } }, 'channel_closed:B'],
      [{ InvalidSignature: { edge: edge('A', 'B') } }, 'invalid_signature:A->B'],
      [
        { VerificationFailed: { edge: edge('A', 'B'), message: 'comm_replay.duplicate' } },
        'flow_violation:comm_replay.duplicate',
      ],
      [{ Invoke: { failure: { kind: 'denied', message: 'no handler bound' } } }, 'invoke_fault:no handler bound'],
      [{ Acquire: { layer: 'L', failure: { kind: 'timeout', message: 'slow' } } }, 'acquire_fault:slow'],
      [{ Transfer: { message: 't' } }, 'transfer_fault:t'],
      [{ Speculation: { message: 's' } }, 'spec_fault:s'],
      [{ Close: { message: 'c' } }, 'close_fault:c'],
      [{ FlowViolation: { message: 'f' } }, 'flow_violation:f'],
      [{ NoProgressToken: { edge: edge('A', 'B') } }, 'no_progress_token:A->B'],
      [{ OutputCondition: { predicate_ref: 'p' } }, 'spec_fault:output condition rejected: p'],
      [{ BufferFull: { endpoint: { sid: 0, role: 'A' } } }, 'flow_violation:buffer overflow'],
    ];
    for (const [fault, tag] of cases) {
      expect(faultTag(rustFaultToFault(fault))).toBe(tag);
      const r = fromRustTrace([{ Faulted: { tick: 3, coro_id: 2, fault } }]);
      expect(r.ok && r.value[0]).toEqual({
        schema_version: 'lean_bridge.v1',
        kind: 'faulted',
        tick: 3,
        target: '2',
        reason: tag,
      });
    }
  });

  test('Tier 2 events pass through in the machine event JSON (machine.md §12.2)', () => {
    const r = fromRustTrace([
      { EpochAdvanced: { tick: 1, sid: 0, epoch: 2 } },
      { SessionTerminal: { tick: 2, session: 0, reason: { Closed: { reason: 'close instruction' } } } },
      { Transferred: { tick: 3, session: 0, role: 'A', from: 0, to: 1 } },
      { Tagged: { tick: 4, session: 0, role: 'A', fact: 'f' } },
      { Checked: { tick: 5, session: 0, role: 'A', target: 'B', permitted: true } },
      {
        CancellationRequested: {
          tick: 6,
          session: 0,
          witness_id: 1,
          owner_id: 'o',
          reason: { TransferAbandoned: { owner_id: 'o', claim_id: 4 } },
        },
      },
      { FailureBranchEntered: { tick: 7, session: 0, coro_id: 0, fault: 'OutOfCredits' } },
    ]);
    expect(r.ok && r.value.map((e) => ({ ...e, schema_version: undefined }))).toEqual([
      { kind: 'epoch_advanced', tick: 1, session: 0, epoch: 2, schema_version: undefined },
      {
        kind: 'session_terminal',
        tick: 2,
        session: 0,
        reason_kind: 'closed',
        reason: 'close instruction',
        schema_version: undefined,
      },
      { kind: 'transferred', tick: 3, session: 0, role: 'A', from: 0, to: 1, schema_version: undefined },
      { kind: 'tagged', tick: 4, schema_version: undefined },
      { kind: 'checked', tick: 5, permitted: true, schema_version: undefined },
      {
        kind: 'cancellation_requested',
        tick: 6,
        session: 0,
        witness_id: 1,
        owner_id: 'o',
        reason: { kind: 'transfer_abandoned', owner_id: 'o', claim_id: 4 },
        schema_version: undefined,
      },
    ]);
  });

  test('property: every Rust trace converts; offers, choices, invocations and checks are dropped', () => {
    fc.assert(
      fc.property(fc.array(rustEventArb(), { maxLength: 6 }), (trace) => {
        const r = fromRustTrace(trace);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const dropped = trace.filter((e) =>
          ['Offered', 'Chose', 'Invoked', 'FailureBranchEntered', 'OutputConditionChecked'].includes(
            Object.keys(e)[0] as string,
          ),
        ).length;
        expect(r.value).toHaveLength(trace.length - dropped);
        for (const e of r.value) expect(e.schema_version).toBe('lean_bridge.v1');
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});
