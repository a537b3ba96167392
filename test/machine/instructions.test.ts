import { describe, expect, test } from 'vitest';
import { encodeInstruction } from '../../src/machine/instructionCodec.js';
import { faultTag } from '../../src/machine/faults.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { toBridgeTrace } from '../../src/machine/toBridgeTrace.js';
import type { Instruction, MachineConfig, Value } from '../../src/types/machine.js';
import type { LocalType } from '../../src/types/session.js';
import { END, handImage, lrecv, lsend, msg, rawRun, request, runImage, show } from './_helpers.js';

const INV: Instruction = { op: 'Invoke', action: 'runtime.step' };
const HALT: Instruction = { op: 'Halt' };
const nat = (n: bigint): Value => ({ kind: 'nat', value: n });
const NAT = { kind: 'nat' } as const;
const STR = { kind: 'string' } as const;
const pingPong = msg('A', 'B', 'ping', msg('B', 'A', 'pong'));

describe('machine.md §14.1 two-role ping-pong', () => {
  test('image, load and the full machine trace', () => {
    const image = handImage(pingPong, ['A', 'B'], {});
    expect(image.program.code.map(encodeInstruction)).toEqual([
      { Offer: { chan: 0, label: 'ping' } },
      { Invoke: { action: 'runtime.step' } },
      { Choose: { chan: 0, table: [['pong', 3]] } },
      { Invoke: { action: 'runtime.step' } },
      'Halt',
      { Choose: { chan: 0, table: [['ping', 6]] } },
      { Invoke: { action: 'runtime.step' } },
      { Offer: { chan: 0, label: 'pong' } },
      { Invoke: { action: 'runtime.step' } },
      'Halt',
    ]);
    expect(image.program.entryPoints).toEqual([
      ['A', 0],
      ['B', 5],
    ]);
    const { m, events } = runImage(image);
    expect(show(events)).toEqual([
      '0 opened(0,[A,B])',
      '1 offered((0,A,B),ping)',
      '2 chose((0,A,B),ping)',
      '3 invoked((0,A))',
      '4 invoked((0,B))',
      '6 offered((0,B,A),pong)',
      '7 invoked((0,B))',
      '8 chose((0,B,A),pong)',
      '9 halted(1)',
      '10 invoked((0,A))',
      '11 halted(0)',
    ]);
    expect([m.stepCount, m.clock, m.allTerminal()]).toEqual([11, 11, true]);
    // A paid 6 credits (its Choose twice), B 5.
    const max = Number.MAX_SAFE_INTEGER;
    expect(m.coroutines.map((c) => max - c.budget)).toEqual([6, 5]);
    expect(m.sessions[0]?.edges.map((e) => e.edge)).toEqual([
      { sid: 0, sender: 'A', receiver: 'B' },
      { sid: 0, sender: 'B', receiver: 'A' },
    ]);
  });
});

describe('machine.md §14.2 fault example: out-of-range register', () => {
  const a: Instruction[] = [{ op: 'Offer', chan: 0, label: 'ping' }, { op: 'Move', dst: 1, src: 8 }, HALT];
  const g = msg('A', 'B', 'ping');

  test('Move src 8 faults out_of_registers; the run continues (MD-12)', () => {
    const { m, events } = runImage(handImage(g, ['A', 'B'], { A: a }));
    expect(show(events)).toEqual([
      '0 opened(0,[A,B])',
      '1 offered((0,A,B),ping)',
      '2 chose((0,A,B),ping)',
      '3 failure_branch_entered(0,0,out_of_registers)',
      '3 faulted(0,{"kind":"out_of_registers"})',
      '4 invoked((0,B))',
      '5 halted(1)',
    ]);
    expect(m.coroutines[0]?.pc).toBe(1);
    expect(m.faults).toEqual([{ coro_id: 0, fault: { kind: 'out_of_registers' } }]);
    expect([m.stepCount, m.clock, m.allTerminal()]).toEqual([5, 5, true]);
    expect(toBridgeTrace(events).map((e) => `${e.kind}@${e.tick}`)).toEqual([
      'opened@0',
      'sent@1',
      'received@2',
      'faulted@3',
      'halted@5',
    ]);
    expect(toBridgeTrace(events)[3]).toEqual({
      schema_version: 'lean_bridge.v1',
      kind: 'faulted',
      tick: 3,
      target: '0',
      reason: 'out_of_registers',
    });
  });

  test('variant: Send chan 9 is a monitor fault with the monitor on, out_of_registers with it off (MD-15)', () => {
    const send: Instruction[] = [{ op: 'Offer', chan: 0, label: 'ping' }, { op: 'Send', chan: 9, val: 1 }, HALT];
    const on = runImage(handImage(g, ['A', 'B'], { A: send }));
    expect(on.m.faults[0]?.fault).toEqual({ kind: 'spec_fault', msg: '[monitor] missing channel endpoint' });
    expect(show(on.events)[3]).toBe('3 failure_branch_entered(0,0,spec_fault:[monitor] missing channel endpoint)');
    const off = runImage(handImage(g, ['A', 'B'], { A: send }), { monitorMode: 'off' });
    expect(off.m.faults[0]?.fault).toEqual({ kind: 'out_of_registers' });
  });
});

describe('Send / Receive (machine.md §5.1–5.2)', () => {
  const types: [string, LocalType][] = [
    ['A', lsend('B', 'v', undefined, NAT)],
    ['B', lrecv('A', 'v', undefined, NAT)],
  ];
  const sender = (v: Value): Instruction[] => [
    { op: 'Set', dst: 1, val: v },
    { op: 'Send', chan: 0, val: 1 },
    INV,
    HALT,
  ];
  const receiver: Instruction[] = [{ op: 'Receive', chan: 0, dst: 2 }, INV, HALT];

  test('a value travels with its sequence number; Receive blocks until it arrives', () => {
    const { m, ev } = rawRun(types, { A: sender(nat(5n)), B: receiver });
    expect(ev).toEqual([
      '0 opened(0,[A,B])',
      '3 sent((0,A,B),{"kind":"nat","value":"5n"},0)',
      '4 invoked((0,A))',
      '5 received((0,A,B),{"kind":"nat","value":"5n"},0)',
      '6 halted(0)',
      '7 invoked((0,B))',
      '8 halted(1)',
    ]);
    expect(m.coroutines[1]?.regs[2]).toEqual(nat(5n));
    expect(m.stepCount).toBe(8); // B's first Receive blocked at tick 2 (a step too)
  });

  test('Send with a wrongly typed value: type_violation(nat, string)', () => {
    const { m, ev } = rawRun(types, { A: sender({ kind: 'string', value: 'x' }), B: receiver });
    expect(m.faults).toEqual([{ coro_id: 0, fault: { kind: 'type_violation', expected: NAT, actual: STR } }]);
    expect(ev).toContain('3 failure_branch_entered(0,0,type_violation:ValType.nat->ValType.string)');
  });

  test('Send on a select type: "send not permitted"; strict_schema names the label', () => {
    const t: [string, LocalType][] = [
      ['A', lsend('B', 'l')],
      ['B', lrecv('A', 'l')],
    ];
    const code = { A: [{ op: 'Send', chan: 0, val: 1 }, HALT] as Instruction[] };
    expect(rawRun(t, code).m.faults[0]?.fault).toEqual({ kind: 'spec_fault', msg: 'send not permitted' });
    expect(rawRun(t, code, { payloadValidationMode: 'strict_schema' }).m.faults[0]?.fault).toEqual({
      kind: 'spec_fault',
      msg: "A: send payload 'l' requires explicit ValType annotation in strict_schema mode",
    });
  });

  test('Receive on a branch type: "recv not permitted" (monitor off: the monitor accepts branch)', () => {
    const t: [string, LocalType][] = [
      ['A', lsend('B', 'l')],
      ['B', lrecv('A', 'l')],
    ];
    const { m } = rawRun(t, { B: [{ op: 'Receive', chan: 0, dst: 1 }, HALT] });
    expect(m.faults).toEqual([{ coro_id: 1, fault: { kind: 'spec_fault', msg: 'recv not permitted' } }]);
  });

  test('payload size: Send over max_payload_bytes faults with the Lean repr length', () => {
    // repr = `Value.string "hello"` = 20 characters.
    const t: [string, LocalType][] = [
      ['A', lsend('B', 'v', undefined, STR)],
      ['B', lrecv('A', 'v', undefined, STR)],
    ];
    const { m } = rawRun(t, { A: sender({ kind: 'string', value: 'hello' }), B: receiver }, { maxPayloadBytes: 19 });
    expect(m.faults[0]).toEqual({
      coro_id: 0,
      fault: { kind: 'spec_fault', msg: 'send payload exceeds max_payload_bytes=19 (actual=20)' },
    });
    expect(
      rawRun(t, { A: sender({ kind: 'string', value: 'hello' }), B: receiver }, { maxPayloadBytes: 20 }).m.faults,
    ).toEqual([]);
    expect(
      rawRun(
        t,
        { A: sender({ kind: 'string', value: 'hello' }), B: receiver },
        { maxPayloadBytes: 19, payloadValidationMode: 'off' },
      ).m.faults,
    ).toEqual([]);
  });

  test('Receive of a wrongly typed payload: type_violation, the item stays buffered', () => {
    const t: [string, LocalType][] = [
      ['A', lsend('B', 'v', undefined, STR)],
      ['B', lrecv('A', 'v', undefined, NAT)],
    ];
    const { m } = rawRun(t, { A: sender({ kind: 'string', value: 's' }), B: receiver });
    expect(m.faults).toEqual([{ coro_id: 1, fault: { kind: 'type_violation', expected: NAT, actual: STR } }]);
    expect(m.sessions[0]?.edges[0]?.queue).toHaveLength(1);
  });

  test('Receive into a missing register: out_of_registers, the item stays buffered', () => {
    const { m } = rawRun(types, { A: sender(nat(1n)), B: [{ op: 'Receive', chan: 0, dst: 8 }, HALT] });
    expect(m.faults).toEqual([{ coro_id: 1, fault: { kind: 'out_of_registers' } }]);
    expect(m.sessions[0]?.edges[0]?.queue).toHaveLength(1);
  });

  test('payload size precedence: Send checks before the buffer, so an oversized value never reaches a receiver', () => {
    // repr `Value.nat 123` = 13 characters.
    const small = rawRun(types, { A: sender(nat(123n)), B: receiver }, { maxPayloadBytes: 5 });
    expect(small.m.faults.map((f) => f.fault)).toEqual([
      { kind: 'spec_fault', msg: 'send payload exceeds max_payload_bytes=5 (actual=13)' },
    ]);
    expect(small.m.sessions[0]?.edges[0]?.queue).toHaveLength(0);
  });
});

describe('communication replay (machine.md §5.10)', () => {
  // The receiver expects raw strings; the sender offers labels (seq_no 0 each).
  const types: [string, LocalType][] = [
    ['A', lsend('B', 'a', lsend('B', 'a'))],
    ['B', lrecv('A', 'a', lrecv('A', 'a', undefined, STR), STR)],
  ];
  const code = {
    A: [{ op: 'Offer', chan: 0, label: 'a' }, { op: 'Offer', chan: 0, label: 'a' }, HALT] as Instruction[],
    B: [INV, INV, { op: 'Receive', chan: 0, dst: 1 }, { op: 'Receive', chan: 0, dst: 1 }, HALT] as Instruction[],
  };

  test('off: both receives succeed', () => {
    expect(rawRun(types, code).m.faults).toEqual([]);
  });

  test('sequence: the second item carries seq 0 where 1 is expected', () => {
    const { m } = rawRun(types, code, { communicationReplayMode: 'sequence' });
    expect(m.faults).toEqual([
      { coro_id: 1, fault: { kind: 'flow_violation', msg: 'comm_replay.sequence_mismatch: expected=1, actual=0' } },
    ]);
  });

  test('nullifier: the identical second message is a duplicate', () => {
    const { m } = rawRun(types, code, { communicationReplayMode: 'nullifier' });
    expect(m.faults).toEqual([{ coro_id: 1, fault: { kind: 'flow_violation', msg: 'comm_replay.duplicate' } }]);
  });
});

describe('Offer / Choose (machine.md §5.3–5.4)', () => {
  const g = msg('A', 'B', 'ping');

  test('Offer of a label the type does not have: unknown_label', () => {
    const { m, events } = runImage(handImage(g, ['A', 'B'], { A: [{ op: 'Offer', chan: 0, label: 'zzz' }, HALT] }));
    expect(m.faults[0]).toEqual({ coro_id: 0, fault: { kind: 'unknown_label', label: 'zzz' } });
    expect(show(events)).toEqual([
      '0 opened(0,[A,B])',
      '1 failure_branch_entered(0,0,unknown_label:zzz)',
      '1 faulted(0,{"kind":"unknown_label","label":"zzz"})',
    ]);
  });

  test('Offer in a receiving state: monitor "[monitor] expected Send state"; monitor off: "offer not permitted"', () => {
    const img = handImage(g, ['A', 'B'], { B: [{ op: 'Offer', chan: 0, label: 'ping' }, HALT] });
    expect(runImage(img).m.faults[0]?.fault).toEqual({ kind: 'spec_fault', msg: '[monitor] expected Send state' });
    expect(runImage(img, { monitorMode: 'off' }).m.faults[0]?.fault).toEqual({
      kind: 'spec_fault',
      msg: 'offer not permitted',
    });
  });

  test('Choose in a sending state: "[monitor] expected Recv state" / "choose not permitted"', () => {
    const img = handImage(g, ['A', 'B'], { A: [{ op: 'Choose', chan: 0, table: [['ping', 1]] }, HALT] });
    expect(runImage(img).m.faults[0]?.fault).toEqual({ kind: 'spec_fault', msg: '[monitor] expected Recv state' });
    expect(runImage(img, { monitorMode: 'off' }).m.faults[0]?.fault).toEqual({
      kind: 'spec_fault',
      msg: 'choose not permitted',
    });
  });

  test('Choose with a duplicated table label: structural precheck', () => {
    const img = handImage(g, ['A', 'B'], {
      B: [
        {
          op: 'Choose',
          chan: 0,
          table: [
            ['ping', 1],
            ['ping', 1],
          ],
        },
        HALT,
      ],
    });
    expect(runImage(img).m.faults[0]?.fault).toEqual({
      kind: 'spec_fault',
      msg: '[monitor] structural precheck failed',
    });
  });

  test('Choose whose table lacks the label: unknown_label, and the message is consumed', () => {
    const img = handImage(g, ['A', 'B'], { B: [{ op: 'Choose', chan: 0, table: [['other', 1]] }, HALT] });
    const { m, events } = runImage(img);
    expect(m.faults).toEqual([{ coro_id: 1, fault: { kind: 'unknown_label', label: 'ping' } }]);
    expect(m.sessions[0]?.edges[0]?.queue).toHaveLength(0);
    expect(show(events)).toEqual([
      '0 opened(0,[A,B])',
      '1 offered((0,A,B),ping)',
      '2 failure_branch_entered(0,1,unknown_label:ping)',
      '2 faulted(1,{"kind":"unknown_label","label":"ping"})',
      '3 invoked((0,A))',
      '4 halted(0)',
    ]);
  });

  test('Choose of a non-string payload: type_violation(string, nat), consumed (MD-34)', () => {
    const types: [string, LocalType][] = [
      ['A', lsend('B', 'v', undefined, NAT)],
      ['B', lrecv('A', 'v')],
    ];
    const { m } = rawRun(types, {
      A: [{ op: 'Set', dst: 1, val: nat(7n) }, { op: 'Send', chan: 0, val: 1 }, HALT],
      B: [INV, INV, { op: 'Choose', chan: 0, table: [['v', 3]] }, HALT],
    });
    expect(m.faults).toEqual([{ coro_id: 1, fault: { kind: 'type_violation', expected: STR, actual: NAT } }]);
    expect(m.sessions[0]?.edges[0]?.queue).toHaveLength(0);
  });

  test('ownership: an endpoint the coroutine does not own → channel_closed', () => {
    const types: [string, LocalType][] = [
      ['A', lsend('B', 'm')],
      ['B', lsend('A', 'm')],
    ];
    const { m } = rawRun(types, {
      A: [
        { op: 'Set', dst: 1, val: { kind: 'chan', endpoint: { sid: 0, role: 'B' } } },
        { op: 'Offer', chan: 1, label: 'm' },
        HALT,
      ],
      B: [INV, INV, HALT],
    });
    expect(m.faults).toEqual([{ coro_id: 0, fault: { kind: 'channel_closed', endpoint: { sid: 0, role: 'B' } } }]);
    expect(faultTag(m.faults[0]!.fault)).toBe('channel_closed:B');
  });

  test('a channel register holding a non-endpoint (monitor off) → type_violation(chan 0 "", unit)', () => {
    const { m } = rawRun(
      [
        ['A', lsend('B', 'm')],
        ['B', lrecv('A', 'm')],
      ],
      { A: [{ op: 'Offer', chan: 3, label: 'm' }, HALT] },
      { monitorMode: 'off' },
    );
    expect(m.faults[0]?.fault).toEqual({
      kind: 'type_violation',
      expected: { kind: 'chan', sid: 0, role: '' },
      actual: { kind: 'unit' },
    });
    expect(faultTag(m.faults[0]!.fault)).toBe('type_violation:ValType.chan 0 ""->ValType.unit');
  });

  test('a self-edge has no handler: spec_fault "no handler bound"', () => {
    const { m } = rawRun([['A', lsend('A', 'm')]], {});
    expect(m.faults).toEqual([{ coro_id: 0, fault: { kind: 'spec_fault', msg: 'no handler bound' } }]);
  });
});

describe('control: Invoke, Set, Move, Jump, Halt, Close, Yield, Spawn (machine.md §5.5–5.7)', () => {
  test('Invoke with no handler anywhere: invoke_fault "no handler bound"', () => {
    const { m, events } = runImage(handImage(END, ['A'], { A: [INV, HALT] }));
    expect(show(events)).toEqual([
      '0 opened(0,[A])',
      '1 failure_branch_entered(0,0,invoke_fault:no handler bound)',
      '1 faulted(0,{"kind":"invoke_fault","msg":"no handler bound"})',
    ]);
    expect(m.allTerminal()).toBe(true);
  });

  test('Set and Move copy values; a bad Set destination is out_of_registers', () => {
    const { m } = rawRun([['A', { kind: 'end' }]], {
      A: [
        { op: 'Set', dst: 3, val: { kind: 'prod', left: nat(1n), right: { kind: 'bool', value: true } } },
        { op: 'Move', dst: 4, src: 3 },
        { op: 'Set', dst: 8, val: nat(0n) },
      ],
    });
    expect(m.coroutines[0]?.regs[4]).toEqual({ kind: 'prod', left: nat(1n), right: { kind: 'bool', value: true } });
    expect(m.faults).toEqual([{ coro_id: 0, fault: { kind: 'out_of_registers' } }]);
    expect(m.coroutines[0]?.pc).toBe(2);
  });

  test('Jump out of range faults at the next fetch: close_fault "pc out of range" (MD-16)', () => {
    const { m, ev } = rawRun([['A', { kind: 'end' }]], { A: [{ op: 'Jump', target: 40 }] });
    expect(ev).toEqual([
      '0 opened(0,[A])',
      '2 failure_branch_entered(0,0,close_fault:pc out of range)',
      '2 faulted(0,{"kind":"close_fault","msg":"pc out of range"})',
    ]);
    expect(m.coroutines[0]?.pc).toBe(40);
  });

  test('Close: epoch_advanced then closed (MD-10); session closed, view emptied, terminal in sessions', () => {
    const { m, ev } = rawRun(
      [
        ['A', lsend('B', 'm')],
        ['B', lrecv('A', 'm')],
      ],
      { A: [{ op: 'Close', session: 0 }, HALT], B: [HALT] },
    );
    expect(ev).toEqual(['0 opened(0,[A,B])', '1 epoch_advanced(0,1)', '1 closed(0)', '2 halted(1)', '3 halted(0)']);
    expect(m.slice().sessions[0]).toEqual({
      sid: 0,
      role_count: 2,
      local_type_entries: 0,
      buffer_edges: 0,
      buffered_messages: 0,
      status: 'closed',
      epoch: 1,
    });
    expect(m.coroutines[0]?.owned).toEqual([]);
    expect(m.sessionStatuses()).toEqual([{ schema_version: 'lean_bridge.v1', sid: 0, terminal: true }]);
    expect(toBridgeTrace(m.trace).slice(1, 3)).toEqual([
      { schema_version: 'lean_bridge.v1', kind: 'epoch_advanced', tick: 1, session: 0, epoch: 1 },
      { schema_version: 'lean_bridge.v1', kind: 'closed', tick: 1, session: 0 },
    ]);
  });

  test('Close twice: close_fault "endpoint not owned"; Close of a unit register: type_violation', () => {
    const twice = rawRun([['A', { kind: 'end' }]], {
      A: [
        { op: 'Close', session: 0 },
        { op: 'Close', session: 0 },
      ],
    });
    expect(twice.m.faults).toEqual([{ coro_id: 0, fault: { kind: 'close_fault', msg: 'endpoint not owned' } }]);
    // After Close the coroutine owns nothing: failure_branch_entered uses session 0.
    expect(twice.ev[3]).toBe('2 failure_branch_entered(0,0,close_fault:endpoint not owned)');
    const unit = rawRun([['A', { kind: 'end' }]], { A: [{ op: 'Close', session: 5 }] });
    expect(unit.m.faults[0]?.fault).toEqual({
      kind: 'type_violation',
      expected: { kind: 'chan', sid: 0, role: '' },
      actual: { kind: 'unit' },
    });
    const range = rawRun([['A', { kind: 'end' }]], { A: [{ op: 'Close', session: 9 }] });
    expect(range.m.faults[0]?.fault).toEqual({ kind: 'out_of_registers' });
  });

  test('Halt removes the endpoint type and advances pc (MD-11)', () => {
    const { m } = rawRun([['A', { kind: 'end' }]], { A: [HALT] });
    expect(m.coroutines[0]?.pc).toBe(1);
    expect(m.sessions[0]?.types.size).toBe(0);
    expect(m.coroutines[0]?.status).toEqual({ kind: 'done' });
  });

  test('Yield blocks with spawn_wait forever: the run is stuck (MD-19)', () => {
    const r = runCooperative(request([[END, ['A']]]), { stepStates: true });
    expect(r.ok).toBe(true);
    const { m } = rawRun([['A', { kind: 'end' }]], { A: [{ op: 'Yield' }, HALT] }, {}, 10);
    expect(m.coroutines[0]?.status).toEqual({ kind: 'blocked', reason: { kind: 'spawn_wait' } });
    expect([m.stepCount, m.readyQueue, [...m.blocked.keys()], m.allTerminal()]).toEqual([1, [0], [], false]);
    expect(m.slice().coroutines[0]?.status).toBe('blocked');
  });

  test('Spawn: the child copies argument registers, queue gets parent then child, no event', () => {
    const { m, ev } = rawRun([['A', { kind: 'end' }]], {
      A: [
        { op: 'Set', dst: 2, val: nat(9n) },
        { op: 'Spawn', target: 3, args: [2, 7, 0] },
        HALT,
        { op: 'Move', dst: 4, src: 0 },
        HALT,
      ],
    });
    expect(m.coroutines).toHaveLength(2);
    const child = m.coroutines[1];
    // regs[0] := regs[2], regs[1] := regs[7], regs[2] := regs[0]; then the child's Move copies regs[0] to regs[4].
    expect(child?.regs.slice(0, 5)).toEqual([
      nat(9n),
      { kind: 'unit' },
      { kind: 'chan', endpoint: { sid: 0, role: 'A' } },
      { kind: 'unit' },
      nat(9n),
    ]);
    expect(child?.owned).toEqual([]);
    expect(ev).toEqual(['0 opened(0,[A])', '3 halted(0)', '5 halted(1)']);
  });
});

describe('buffers and backpressure (machine.md §4, MD-06, MD-13, MD-14)', () => {
  // A offers three times to B, which never receives.
  const types: [string, LocalType][] = [
    ['A', lsend('B', 'm', lsend('B', 'm', lsend('B', 'm')))],
    ['B', { kind: 'end' }],
  ];
  const code = {
    A: [
      { op: 'Offer', chan: 0, label: 'm' },
      { op: 'Offer', chan: 0, label: 'm' },
      { op: 'Offer', chan: 0, label: 'm' },
      HALT,
    ] as Instruction[],
    B: [HALT],
  };
  const bc = (
    policy: { kind: 'block' | 'drop' | 'error' } | { kind: 'resize'; maxCapacity: number },
    initialCapacity = 1,
    mode: 'fifo' | 'latest_value' = 'fifo',
  ) => ({
    bufferConfig: { mode, initialCapacity, policy },
  });

  test('block: the second Offer blocks with send_wait and is never woken (stuck)', () => {
    const { m } = rawRun(types, code, bc({ kind: 'block' }));
    expect(m.blocked.get(0)).toEqual({ kind: 'send_wait', edge: { sid: 0, sender: 'A', receiver: 'B' } });
    expect(m.allTerminal()).toBe(false);
    expect(m.sessions[0]?.edges[0]?.queue).toHaveLength(1);
  });

  test('drop: flow_violation "buffer drop"; error: flow_violation "buffer overflow"', () => {
    expect(rawRun(types, code, bc({ kind: 'drop' })).m.faults[0]?.fault).toEqual({
      kind: 'flow_violation',
      msg: 'buffer drop',
    });
    expect(rawRun(types, code, bc({ kind: 'error' })).m.faults[0]?.fault).toEqual({
      kind: 'flow_violation',
      msg: 'buffer overflow',
    });
  });

  test('resize(2): capacity is max_capacity, then block', () => {
    const { m } = rawRun(types, code, bc({ kind: 'resize', maxCapacity: 2 }));
    expect(m.sessions[0]?.edges[0]?.queue).toHaveLength(2);
    expect(m.blocked.get(0)?.kind).toBe('send_wait');
  });

  test('latest_value overwrites: one item, three offers succeed', () => {
    const { m, ev } = rawRun(types, code, bc({ kind: 'block' }, 1, 'latest_value'));
    expect(m.sessions[0]?.edges[0]?.queue).toHaveLength(1);
    expect(ev.filter((e) => e.includes('offered'))).toHaveLength(3);
    expect(m.allTerminal()).toBe(true);
  });
});

describe('every reachable fault kind: exact event lists (machine.md §8.1–8.3)', () => {
  const E: LocalType = { kind: 'end' };

  test('out_of_credits: a blocked attempt is charged too (§7.6); budget 5 leaves A without credit for its Halt', () => {
    const { events, m } = runImage(handImage(pingPong, ['A', 'B'], {}), { initialCostBudget: 5n });
    expect(show(events)).toEqual([
      '0 opened(0,[A,B])',
      '1 offered((0,A,B),ping)',
      '2 chose((0,A,B),ping)',
      '3 invoked((0,A))',
      '4 invoked((0,B))',
      '6 offered((0,B,A),pong)',
      '7 invoked((0,B))',
      '8 chose((0,B,A),pong)',
      '9 halted(1)',
      '10 invoked((0,A))',
      '11 failure_branch_entered(0,0,out_of_credits)',
      '11 faulted(0,{"kind":"out_of_credits"})',
    ]);
    expect(m.coroutines[0]?.pc).toBe(4);
    expect(runImage(handImage(pingPong, ['A', 'B'], {}), { initialCostBudget: 6n }).m.faults).toEqual([]);
  });

  test('channel_closed', () => {
    const { ev } = rawRun(
      [
        ['A', lsend('B', 'm')],
        ['B', lsend('A', 'm')],
      ],
      {
        A: [
          { op: 'Set', dst: 1, val: { kind: 'chan', endpoint: { sid: 0, role: 'B' } } },
          { op: 'Offer', chan: 1, label: 'm' },
          HALT,
        ],
        B: [INV, INV, HALT],
      },
    );
    expect(ev).toEqual([
      '0 opened(0,[A,B])',
      '2 invoked((0,B))',
      '3 failure_branch_entered(0,0,channel_closed:B)',
      '3 faulted(0,{"kind":"channel_closed","endpoint":{"sid":0,"role":"B"}})',
      '4 invoked((0,B))',
      '5 halted(1)',
    ]);
  });

  test('flow_violation', () => {
    const { ev } = rawRun(
      [
        ['A', lsend('B', 'm', lsend('B', 'm'))],
        ['B', E],
      ],
      { A: [{ op: 'Offer', chan: 0, label: 'm' }, { op: 'Offer', chan: 0, label: 'm' }, HALT], B: [HALT] },
      { bufferConfig: { mode: 'fifo', initialCapacity: 1, policy: { kind: 'error' } } },
    );
    expect(ev).toEqual([
      '0 opened(0,[A,B])',
      '1 offered((0,A,B),m)',
      '2 halted(1)',
      '3 failure_branch_entered(0,0,flow_violation:buffer overflow)',
      '3 faulted(0,{"kind":"flow_violation","msg":"buffer overflow"})',
    ]);
  });

  test('type_violation', () => {
    const { ev } = rawRun(
      [
        ['A', lsend('B', 'v', E, NAT)],
        ['B', E],
      ],
      { A: [{ op: 'Send', chan: 0, val: 1 }, HALT], B: [HALT] },
    );
    expect(ev).toEqual([
      '0 opened(0,[A,B])',
      '1 failure_branch_entered(0,0,type_violation:ValType.nat->ValType.unit)',
      '1 faulted(0,{"kind":"type_violation","expected":{"kind":"nat"},"actual":{"kind":"unit"}})',
      '2 halted(1)',
    ]);
  });

  test('spec_fault (monitor)', () => {
    const { ev } = rawRun(
      [
        ['A', lsend('B', 'm')],
        ['B', E],
      ],
      { A: [{ op: 'Choose', chan: 0, table: [] }, HALT], B: [HALT] },
    );
    expect(ev).toEqual([
      '0 opened(0,[A,B])',
      '1 failure_branch_entered(0,0,spec_fault:[monitor] expected Recv state)',
      '1 faulted(0,{"kind":"spec_fault","msg":"[monitor] expected Recv state"})',
      '2 halted(1)',
    ]);
  });

  test('the other four kinds have tags (Tier 2 / unreachable in the unit model)', () => {
    const edge = { sid: 0, sender: 'A', receiver: 'B' };
    expect(faultTag({ kind: 'invalid_signature', edge })).toBe('invalid_signature:A->B');
    expect(faultTag({ kind: 'no_progress_token', edge })).toBe('no_progress_token:A->B');
    expect(faultTag({ kind: 'acquire_fault', layer: 'g', msg: 'unknown layer' })).toBe('acquire_fault:unknown layer');
    expect(faultTag({ kind: 'transfer_fault', msg: 'x' })).toBe('transfer_fault:x');
  });

  test('Tier-2 instructions in the default configuration fault as Lean says (§5.8; issue #16)', () => {
    const run1 = (i: Instruction) => rawRun([['A', E]], { A: [i, HALT] }).m.faults[0]?.fault;
    expect(run1({ op: 'Fork', ghost: 1 })).toEqual({ kind: 'spec_fault', msg: 'speculation is disabled' });
    expect(run1({ op: 'Join' })).toEqual({ kind: 'spec_fault', msg: 'join requires active speculation' });
    expect(run1({ op: 'Abort' })).toEqual({ kind: 'spec_fault', msg: 'abort requires active speculation' });
    // Lean's acquire faults carry the namespace "guard-layer", not the layer id (MD-44).
    expect(run1({ op: 'Acquire', layer: 'g', dst: 1 })).toEqual({
      kind: 'acquire_fault',
      layer: 'guard-layer',
      msg: 'unknown layer',
    });
  });
});

describe('output-condition gate (machine.md §6 stage 7, Tier 2 policies)', () => {
  const pp = msg('A', 'B', 'ping');

  test('deny_all: the observable step is undone, the coroutine keeps its advanced pc and faults', () => {
    const { m, events } = runImage(handImage(pp, ['A', 'B'], {}), { outputConditionPolicy: { kind: 'deny_all' } });
    expect(show(events)).toEqual([
      '0 opened(0,[A,B])',
      '1 failure_branch_entered(0,0,spec_fault:output condition rejected: protocol_machine.observable_output)',
      '1 faulted(0,{"kind":"spec_fault","msg":"output condition rejected: protocol_machine.observable_output"})',
    ]);
    expect(m.coroutines[0]?.pc).toBe(1); // kept from the discarded step (§17.9)
    expect(m.sessions[0]?.edges[0]?.queue).toHaveLength(0); // machine state reverted
    expect(m.sessions[0]?.types.get('A')?.kind).toBe('select');
    expect(m.blocked.get(1)?.kind).toBe('recv_wait');
  });

  test('steps without an observable event pass the gate (Halt, Jump, blocked attempts)', () => {
    const { m } = runImage(handImage(END, ['A'], {}), { outputConditionPolicy: { kind: 'deny_all' } });
    expect(m.faults).toEqual([]);
    expect(m.allTerminal()).toBe(true);
  });

  test('predicate_allow_list passes iff it names the observable-output predicate; disabled and allow_all pass', () => {
    const run = (policy: MachineConfig['outputConditionPolicy']) =>
      runImage(handImage(pp, ['A', 'B'], {}), { outputConditionPolicy: policy }).m.faults.length;
    expect(run({ kind: 'predicate_allow_list', predicates: ['protocol_machine.observable_output'] })).toBe(0);
    expect(run({ kind: 'predicate_allow_list', predicates: ['other'] })).toBe(1);
    expect(run({ kind: 'disabled' })).toBe(0);
    expect(run({ kind: 'allow_all' })).toBe(0);
  });

  test('a rejected Close keeps the coroutine change (endpoint released) but reverts the session', () => {
    const { m, ev } = rawRun(
      [['A', { kind: 'end' }]],
      { A: [{ op: 'Close', session: 0 }, HALT] },
      { outputConditionPolicy: { kind: 'deny_all' } },
    );
    expect(ev[1]).toBe(
      '1 failure_branch_entered(0,0,spec_fault:output condition rejected: protocol_machine.observable_output)',
    );
    expect([m.sessions[0]?.phase, m.sessions[0]?.epoch, m.coroutines[0]?.owned]).toEqual(['active', 0, []]);
  });
});
