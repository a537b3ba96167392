// One test per observable Lean/Rust deviation of machine.md §16, named after its id.
// MD-21..MD-24 and MD-29 concern the threaded engine / several wake-ups per round, which a
// cooperative run cannot produce (at most one step per round); they are tested in test/threaded.
import { describe, expect, test } from 'vitest';
import { Machine } from '../../src/machine/Machine.js';
import { compileLocalType } from '../../src/machine/compileLocalType.js';
import { decodeInstruction } from '../../src/machine/instructionCodec.js';
import { eventToJson, toBridgeTrace } from '../../src/machine/toBridgeTrace.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import type { Instruction } from '../../src/types/machine.js';
import type { LocalType } from '../../src/types/session.js';
import { END, gvar, handImage, lrecv, lsend, msg, rawRun, rec, request, runImage, show } from './_helpers.js';

const INV: Instruction = { op: 'Invoke', action: 'runtime.step' };
const HALT: Instruction = { op: 'Halt' };
const E: LocalType = { kind: 'end' };
const pingPong = msg('A', 'B', 'ping', msg('B', 'A', 'pong'));

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('machine.md §16 deviations (Lean adopted)', () => {
  test('MD-01: single unannotated messages compile to Offer/Choose + Invoke, annotated ones to Send/Receive', () => {
    expect(compileLocalType(lsend('B', 'm')).map((i) => i.op)).toEqual(['Offer', 'Invoke', 'Halt']);
    expect(compileLocalType(lrecv('B', 'm')).map((i) => i.op)).toEqual(['Choose', 'Invoke', 'Halt']);
    expect(compileLocalType(lsend('B', 'm', E, { kind: 'nat' })).map((i) => i.op)).toEqual(['Send', 'Invoke', 'Halt']);
  });

  test('MD-02: an empty branch list compiles to Halt', () => {
    expect(compileLocalType({ kind: 'send', partner: 'B', branches: [] })).toEqual([HALT]);
  });

  test('MD-03: ensureTerminal appends Halt unless the code ends in Halt/Jump', () => {
    const loop: LocalType = { kind: 'rec', var: 't', body: lsend('B', 'm', { kind: 'var', name: 't' }) };
    expect(compileLocalType(loop).at(-1)).toEqual({ op: 'Jump', target: 0 });
    expect(compileLocalType(lsend('B', 'm')).at(-1)).toEqual(HALT);
  });

  test('MD-04: one concatenated program with relocated targets; pcs in step states are global', () => {
    const { output } = ok(runCooperative(request([[pingPong, ['B', 'A']]])));
    // B's entry is pc 5; its first Choose jumps to the relocated pc 6.
    expect(output.step_states[1]?.selected_coro).toBe(1);
    expect(output.step_states[1]?.selected_pc).toBe(6);
    expect(output.step_states[0]?.pre_state.coroutines.map((c) => c.pc)).toEqual([0, 5]);
  });

  test('MD-05: 8 registers by default (register 7 exists, 8 does not); configurable', () => {
    const code = (r: number) => ({ A: [{ op: 'Set', dst: r, val: { kind: 'unit' } }, HALT] as Instruction[] });
    expect(rawRun([['A', E]], code(7)).m.faults).toEqual([]);
    expect(rawRun([['A', E]], code(8)).m.faults).toEqual([{ coro_id: 0, fault: { kind: 'out_of_registers' } }]);
    expect(rawRun([['A', E]], code(8), { numRegisters: 16 }).m.faults).toEqual([]);
  });

  test('MD-06: buffer capacity 16 under block: the 17th unreceived Offer blocks', () => {
    const seventeen = Array.from({ length: 17 }, (): Instruction => ({ op: 'Offer', chan: 0, label: 'm' }));
    let t: LocalType = E;
    for (let i = 0; i < 17; i++) t = lsend('B', 'm', t);
    const { m } = rawRun(
      [
        ['A', t],
        ['B', lrecv('A', 'never')],
      ],
      { A: [...seventeen, HALT], B: [HALT] },
    );
    expect(m.sessions[0]?.edges[0]?.queue).toHaveLength(16);
    expect(m.blocked.get(0)?.kind).toBe('send_wait');
  });

  test('MD-07: var resolves by binder (μx…μy…x runs); a μ directly under a μ is not unfolded twice', () => {
    // rec x. A→B a. rec y. B→A b. x  — A = μx. !B{a. μy. ?B{b. x}}
    const nested = rec('x', msg('A', 'B', 'a', rec('y', msg('B', 'A', 'b', gvar('x')))));
    const r = ok(runCooperative(request([[nested, ['A', 'B']]], 60)));
    expect(r.diagnostics?.faults).toEqual([]);
    expect(r.output.trace.filter((e) => e.kind === 'received').length).toBeGreaterThan(4);
    // rec x. rec y. A→B m. x  — A = μx. μy. !B{m. x}: unfold leaves μy, the monitor rejects the Offer.
    const direct = rec('x', rec('y', msg('A', 'B', 'm', gvar('x'))));
    const d = ok(runCooperative(request([[direct, ['A', 'B']]], 10)));
    expect(d.diagnostics?.faults.map((f) => f.fault)).toEqual([
      { kind: 'spec_fault', msg: '[monitor] expected Send state' },
      { kind: 'spec_fault', msg: '[monitor] expected Recv state' },
    ]);
  });

  test('MD-08: Offer and Choose emit one event each (offered / chose), bridged to sent / received', () => {
    const { events } = runImage(handImage(msg('A', 'B', 'm'), ['A', 'B'], {}));
    expect(show(events).slice(0, 3)).toEqual(['0 opened(0,[A,B])', '1 offered((0,A,B),m)', '2 chose((0,A,B),m)']);
    expect(toBridgeTrace(events).map((e) => e.kind)).toEqual(['opened', 'sent', 'received', 'halted', 'halted']);
  });

  test('MD-09: sent/received carry the value and sequence number (machine event JSON)', () => {
    const nat = { kind: 'nat' } as const;
    const { m } = rawRun(
      [
        ['A', lsend('B', 'v', E, nat)],
        ['B', lrecv('A', 'v', E, nat)],
      ],
      {
        A: [{ op: 'Set', dst: 1, val: { kind: 'nat', value: 42n } }, { op: 'Send', chan: 0, val: 1 }, HALT],
        B: [{ op: 'Receive', chan: 0, dst: 1 }, HALT],
      },
    );
    const sent = m.trace.find((e) => e.kind === 'sent');
    expect(sent && eventToJson(sent)).toEqual({
      schema_version: 'lean_bridge.v1',
      kind: 'sent',
      tick: 3,
      session: 0,
      sender: 'A',
      receiver: 'B',
      sequence: 0,
      value: { kind: 'nat', value: 42 },
    });
    expect(toBridgeTrace(m.trace).find((e) => e.kind === 'sent')).toEqual({
      schema_version: 'lean_bridge.v1',
      kind: 'sent',
      tick: 3,
      session: 0,
      sender: 'A',
      receiver: 'B',
    });
  });

  test('MD-10: Close emits epoch_advanced then closed, no session_terminal', () => {
    const { ev } = rawRun([['A', E]], { A: [{ op: 'Close', session: 0 }, HALT] });
    expect(ev).toEqual(['0 opened(0,[A])', '1 epoch_advanced(0,1)', '1 closed(0)', '2 halted(0)']);
  });

  test('MD-11: Halt advances pc past itself and the runner emits halted', () => {
    const { output } = ok(runCooperative(request([[END, ['A']]])));
    expect(output.step_states[0]).toMatchObject({
      selected_pc: 1,
      exec_status: 'halted',
      event: { kind: 'halted', target: '0', tick: 1 },
    });
  });

  test('MD-12: a fault does not stop the run; failure_branch_entered + faulted, bridge keeps only faulted', () => {
    const { m, events } = runImage(handImage(msg('A', 'B', 'm'), ['A', 'B'], { A: [{ op: 'Move', dst: 0, src: 99 }] }));
    expect(show(events)).toEqual([
      '0 opened(0,[A,B])',
      '1 failure_branch_entered(0,0,out_of_registers)',
      '1 faulted(0,{"kind":"out_of_registers"})',
    ]);
    // B keeps running: it blocks on its Choose forever.
    expect(m.stepCount).toBe(2);
    expect(toBridgeTrace(events).map((e) => e.kind)).toEqual(['opened', 'faulted']);
  });

  test('MD-13: a blocked sender is never woken, even after the buffer drains', () => {
    const { m } = rawRun(
      [
        ['A', lsend('B', 'm', lsend('B', 'm'))],
        ['B', lrecv('A', 'm', lrecv('A', 'm'))],
      ],
      {
        A: [{ op: 'Offer', chan: 0, label: 'm' }, { op: 'Offer', chan: 0, label: 'm' }, HALT],
        B: [
          INV,
          INV,
          { op: 'Choose', chan: 0, table: [['m', 3]] },
          { op: 'Choose', chan: 0, table: [['m', 5]] },
          HALT,
          HALT,
        ],
      },
      { bufferConfig: { mode: 'fifo', initialCapacity: 1, policy: { kind: 'block' } } },
    );
    expect(m.sessions[0]?.edges[0]?.queue).toHaveLength(0);
    expect(m.blocked.get(0)?.kind).toBe('send_wait');
    expect(m.blocked.get(1)?.kind).toBe('recv_wait');
    expect(m.allTerminal()).toBe(false);
  });

  test('MD-14: drop and error policies fault instead of dropping silently', () => {
    const types: [string, LocalType][] = [
      ['A', lsend('B', 'm', lsend('B', 'm'))],
      ['B', E],
    ];
    const code = {
      A: [{ op: 'Offer', chan: 0, label: 'm' }, { op: 'Offer', chan: 0, label: 'm' }, HALT] as Instruction[],
      B: [HALT],
    };
    const drop = rawRun(types, code, { bufferConfig: { mode: 'fifo', initialCapacity: 1, policy: { kind: 'drop' } } });
    expect(drop.ev.filter((e) => e.includes('offered'))).toHaveLength(1);
    expect(drop.m.faults[0]?.fault).toEqual({ kind: 'flow_violation', msg: 'buffer drop' });
  });

  test('MD-15: the monitor reports a bad channel register as spec_fault, with the monitor off it is out_of_registers', () => {
    const code = { A: [{ op: 'Offer', chan: 12, label: 'm' }, HALT] as Instruction[] };
    expect(
      rawRun(
        [
          ['A', lsend('B', 'm')],
          ['B', E],
        ],
        code,
      ).m.faults[0]?.fault,
    ).toEqual({ kind: 'spec_fault', msg: '[monitor] missing channel endpoint' });
    expect(
      rawRun(
        [
          ['A', lsend('B', 'm')],
          ['B', E],
        ],
        code,
        { monitorMode: 'off' },
      ).m.faults[0]?.fault,
    ).toEqual({ kind: 'out_of_registers' });
  });

  test('MD-16: pc out of range is close_fault "pc out of range" (Lean fault kinds)', () => {
    const { m } = rawRun([['A', E]], { A: [{ op: 'Jump', target: 7 }] });
    expect(m.faults[0]?.fault).toEqual({ kind: 'close_fault', msg: 'pc out of range' });
  });

  test('MD-17: loading is validate → sessions → coroutines and atomic', () => {
    const m = ok(Machine.create({ maxCoroutines: 1 }));
    const r = m.loadImage(handImage(pingPong, ['A', 'B'], {}));
    expect(r).toMatchObject({ ok: false, error: { code: 'too_many_coroutines' } });
    expect([m.sessions.length, m.trace.length, m.nextSessionId]).toEqual([0, 0, 0]);
  });

  test('MD-18: Invoke needs a handler in ANY session (newest first), not its own', () => {
    const m = ok(Machine.create({}));
    ok(m.loadImage(handImage(msg('A', 'B', 'm'), ['A', 'B'], {})));
    ok(m.loadImage(handImage(END, ['Z'], { Z: [INV, HALT] })));
    for (let i = 0; i < 10 && !m.allTerminal(); i++) {
      m.beginRound();
      const cid = m.pick();
      if (cid === undefined) break;
      m.step(cid);
    }
    expect(m.faults).toEqual([]);
    expect(show(m.trace)).toContain('3 invoked((1,Z))');
    // Alone, the same coroutine faults.
    expect(runImage(handImage(END, ['Z'], { Z: [INV, HALT] })).m.faults[0]?.fault).toEqual({
      kind: 'invoke_fault',
      msg: 'no handler bound',
    });
  });

  test('MD-19: Yield leaves the coroutine blocked(spawn_wait) forever: stuck', () => {
    const { m } = rawRun([['A', E]], { A: [{ op: 'Yield' }, HALT] });
    expect(m.coroutines[0]?.status).toEqual({ kind: 'blocked', reason: { kind: 'spawn_wait' } });
    expect(m.allTerminal()).toBe(false);
  });

  test('MD-20: Offer is not size-checked, Receive is', () => {
    const label = 'x'.repeat(40); // repr `Value.string "xxx…"` = 55 characters
    const { m } = rawRun(
      [
        ['A', lsend('B', label)],
        ['B', lrecv('A', label, E, { kind: 'string' })],
      ],
      { A: [{ op: 'Offer', chan: 0, label }, HALT], B: [INV, INV, { op: 'Receive', chan: 0, dst: 1 }, HALT] },
      { maxPayloadBytes: 50 },
    );
    expect(m.faults).toEqual([
      { coro_id: 1, fault: { kind: 'spec_fault', msg: 'receive payload exceeds max_payload_bytes=50 (actual=55)' } },
    ]);
    expect(m.sessions[0]?.edges[0]?.queue).toHaveLength(1);
  });

  test('MD-25: Open ignores the roles operand, allocates nextSessionId and emits opened with the local-types roles', () => {
    const open = ok(
      decodeInstruction({
        Open: {
          roles: ['ignored', 'too'],
          local_types: [
            ['P', { kind: 'end' }],
            ['Q', { kind: 'end' }],
          ],
          handlers: [],
          dsts: [
            ['P', 2],
            ['Q', 3],
          ],
        },
      }),
    );
    const { m, ev } = rawRun([['A', E]], { A: [open, HALT] });
    expect(ev).toEqual(['0 opened(0,[A])', '1 opened(1,[P,Q])', '2 halted(0)']);
    expect(m.coroutines[0]?.regs[2]).toEqual({ kind: 'chan', endpoint: { sid: 1, role: 'P' } });
    expect(m.coroutines[0]?.owned.map((e) => `${e.sid}:${e.role}`)).toEqual(['1:P', '1:Q', '0:A']);
    // Mismatched dsts: close_fault "open arity mismatch".
    const bad = ok(
      decodeInstruction({
        Open: { roles: ['P'], local_types: [['P', { kind: 'end' }]], handlers: [], dsts: [['Q', 2]] },
      }),
    );
    expect(rawRun([['A', E]], { A: [bad, HALT] }).m.faults[0]?.fault).toEqual({
      kind: 'close_fault',
      msg: 'open arity mismatch',
    });
    // The roles operand only matters to the monitor's structural check: len(roles) != len(dsts).
    const uneven = ok(decodeInstruction({ Open: { roles: ['P'], local_types: [], handlers: [], dsts: [] } }));
    expect(rawRun([['A', E]], { A: [uneven, HALT] }).m.faults[0]?.fault).toEqual({
      kind: 'spec_fault',
      msg: '[monitor] structural precheck failed',
    });
  });

  test('MD-26: Spawn ignores max_coroutines', () => {
    const { m } = rawRun([['A', E]], { A: [{ op: 'Spawn', target: 1, args: [] }, HALT] }, { maxCoroutines: 1 });
    expect(m.coroutines).toHaveLength(2);
    expect(m.faults).toEqual([]);
  });

  test('MD-27: a Send that blocks keeps its allocated sequence number', () => {
    const nat = { kind: 'nat' } as const;
    const { m } = rawRun(
      [
        ['A', lsend('B', 'v', lsend('B', 'v', E, nat), nat)],
        ['B', E],
      ],
      { A: [{ op: 'Send', chan: 0, val: 1 }, { op: 'Send', chan: 0, val: 1 }, HALT], B: [HALT] },
      { bufferConfig: { mode: 'fifo', initialCapacity: 1, policy: { kind: 'block' } } },
    );
    // Registers hold unit, so give the types unit payloads instead: the first send is a type fault.
    expect(m.faults[0]?.fault.kind).toBe('type_violation');
    const unit = { kind: 'unit' } as const;
    const r = rawRun(
      [
        ['A', lsend('B', 'v', lsend('B', 'v', E, unit), unit)],
        ['B', E],
      ],
      { A: [{ op: 'Send', chan: 0, val: 1 }, { op: 'Send', chan: 0, val: 1 }, HALT], B: [HALT] },
      { bufferConfig: { mode: 'fifo', initialCapacity: 1, policy: { kind: 'block' } } },
      6,
    );
    // Send 1 ok (seq 0); Send 2 blocks once (seq 1 allocated and kept).
    expect(r.m.sessions[0]?.edges[0]?.nextSendSeq).toBe(2);
    expect(r.m.blocked.get(0)?.kind).toBe('send_wait');
  });

  test('MD-28: Choose consumes no replay identity (labels with seq 0 never trip sequence mode)', () => {
    const loop = rec('t', msg('A', 'B', 'ping', msg('B', 'A', 'pong', gvar('t'))));
    const r = ok(
      runCooperative(request([[loop, ['A', 'B']]], 200), { config: { communicationReplayMode: 'sequence' } }),
    );
    expect(r.diagnostics?.faults).toEqual([]);
  });

  test('MD-30: priority_fixed picks the highest score, ties in queue order', () => {
    const r = ok(
      runCooperative(request([[msg('A', 'B', 'm'), ['A', 'B']]]), {
        config: { schedPolicy: { kind: 'priority_fixed', map: { 1: 5 } } },
      }),
    );
    expect(r.output.step_states.map((s) => s.selected_coro).slice(0, 3)).toEqual([1, 0, 1]);
  });

  test('MD-31: the run stops right after the step that makes everything terminal; a stuck run spends one empty round', () => {
    const done = ok(runCooperative(request([[msg('A', 'B', 'm'), ['A', 'B']]])));
    expect([done.output.steps_executed, done.diagnostics?.final_tick]).toEqual([6, 6]);
    const stuck = ok(runCooperative(request([[msg('A', 'B', 'm'), ['B']]])));
    expect([stuck.output.steps_executed, stuck.diagnostics?.final_tick, stuck.output.status]).toEqual([1, 2, 'stuck']);
  });

  test('MD-32: concurrency is echoed but changes nothing in the cooperative engine', () => {
    const a = ok(runCooperative(request([[pingPong, ['A', 'B']]], 64, 1)));
    const b = ok(runCooperative(request([[pingPong, ['A', 'B']]], 64, 4)));
    expect({ ...b.output, concurrency: 1 }).toEqual(a.output);
  });

  test('MD-33: no OutputConditionChecked (or any Rust-only) event is emitted', () => {
    const r = ok(runCooperative(request([[pingPong, ['A', 'B']]])));
    const kinds = new Set(r.diagnostics?.machine_trace.map((e) => (e as { kind: string }).kind));
    expect([...kinds].sort()).toEqual(['halted', 'invoked', 'opened', 'received', 'sent']);
  });

  test('MD-34: Choose of a non-string payload is type_violation(string, …) and consumes the item', () => {
    const { m } = rawRun(
      [
        ['A', lsend('B', 'v', E, { kind: 'unit' })],
        ['B', lrecv('A', 'v')],
      ],
      {
        A: [{ op: 'Send', chan: 0, val: 1 }, HALT],
        B: [INV, { op: 'Choose', chan: 0, table: [['v', 2]] }, HALT],
      },
    );
    expect(m.faults).toEqual([
      { coro_id: 1, fault: { kind: 'type_violation', expected: { kind: 'string' }, actual: { kind: 'unit' } } },
    ]);
    expect(m.sessions[0]?.edges[0]?.queue).toHaveLength(0);
  });

  test("MD-35: a coroutine's session is its first owned endpoint (0 when it owns none)", () => {
    const m = ok(Machine.create({}));
    ok(m.loadImage(handImage(END, ['Y'], { Y: [INV, HALT] })));
    ok(m.loadImage(handImage(msg('A', 'B', 'm'), ['A'], { A: [{ op: 'Close', session: 0 }, HALT] })));
    expect(m.slice().coroutines.map((c) => c.session_id)).toEqual([0, 1]);
    m.beginRound();
    m.step(m.pick() as number); // Y invokes
    m.beginRound();
    m.step(m.pick() as number); // A closes session 1
    expect(m.slice().coroutines.map((c) => [c.session_id, c.owned_endpoints])).toEqual([
      [0, 1],
      [0, 0],
    ]);
  });

  test('MD-36: Set accepts any value, products and endpoints included', () => {
    const val = ok(
      decodeInstruction({ Set: { dst: 3, val: { Prod: [{ Endpoint: { sid: 0, role: 'A' } }, { Str: 's' }] } } }),
    );
    const { m } = rawRun([['A', E]], { A: [val, HALT] });
    expect(m.coroutines[0]?.regs[3]).toEqual({
      kind: 'prod',
      left: { kind: 'chan', endpoint: { sid: 0, role: 'A' } },
      right: { kind: 'string', value: 's' },
    });
  });

  test('MD-37: max_steps counts steps: steps_executed <= max_steps, blocked attempts included', () => {
    for (const max of [0, 1, 4, 5, 10, 11, 12]) {
      const { output } = ok(runCooperative(request([[pingPong, ['A', 'B']]], max)));
      expect(output.steps_executed).toBe(Math.min(max, 11));
      expect(output.step_states).toHaveLength(Math.min(max, 11));
      expect(output.status).toBe(max >= 11 ? 'completed' : 'stuck');
    }
  });
});
