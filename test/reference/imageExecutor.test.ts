/**
 * The independent image executor on the worked examples of machine.md §14, the Tier-1 instructions
 * one by one, its errors, and the `runCodeImage` extension operation of `telltale-lean-ref`.
 */
import { describe, expect, test } from 'vitest';
import { encodeCodeImage } from '../../src/machine/codeImage.js';
import { encodeMachineConfig } from '../../src/machine/configCodec.js';
import { kMachineConfigDefaults } from '../../src/machine/config.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { handleReferenceInput } from '../../src/reference/handleReferenceInput.js';
import { REFERENCE_EXTENSION_OPERATIONS, REFERENCE_OPERATIONS } from '../../src/reference/runReferenceOperation.js';
import { runImageReference } from '../../src/reference/imageExecutor.js';
import type { Instruction } from '../../src/types/machine.js';
import {
  END_L,
  HALT,
  gmsg,
  lmsg,
  nat,
  run,
  rustImage,
  singleRole,
  str,
  traceKinds,
  withSessionTypes,
} from './_images.js';

const INV: Instruction = { op: 'Invoke', action: 'runtime.step' };
const pingPong = rustImage(
  {
    A: [{ op: 'Offer', chan: 0, label: 'ping' }, INV, { op: 'Choose', chan: 0, table: [['pong', 3]] }, INV, HALT],
    B: [{ op: 'Choose', chan: 0, table: [['ping', 1]] }, INV, { op: 'Offer', chan: 0, label: 'pong' }, INV, HALT],
  },
  {
    A: lmsg('send', 'B', ['ping'], lmsg('recv', 'B', ['pong'])),
    B: lmsg('recv', 'A', ['ping'], lmsg('send', 'A', ['pong'])),
  },
  gmsg('A', 'B', ['ping'], gmsg('B', 'A', ['pong'])),
);

describe('machine.md §14 worked examples', () => {
  test('§14.1 ping-pong: 11 steps, final tick 11, the machine trace of the example', () => {
    const r = run(pingPong);
    expect(r.output.status).toBe('completed');
    expect(r.output.steps_executed).toBe(11);
    expect(r.diagnostics.final_tick).toBe(11);
    expect(traceKinds(r)).toEqual([
      '0 opened',
      '1 sent',
      '2 received',
      '3 invoked',
      '4 invoked',
      '6 sent',
      '7 invoked',
      '8 received',
      '9 halted',
      '10 invoked',
      '11 halted',
    ]);
    expect(r.output.step_states[4]).toMatchObject({
      exec_status: 'blocked',
      blocked: { '0': 'recv_wait' },
      event: null,
    });
    expect(r.output.step_states[0]?.selected_type).toBe('LocalType.branch "B" [("pong", LocalType.end_)]');
  });

  test('§14.2 Move from register 8 faults out_of_registers; the run goes on', () => {
    const image = rustImage(
      {
        A: [{ op: 'Offer', chan: 0, label: 'ping' }, { op: 'Move', dst: 1, src: 8 }, HALT],
        B: [{ op: 'Choose', chan: 0, table: [['ping', 1]] }, INV, HALT],
      },
      { A: lmsg('send', 'B', ['ping']), B: lmsg('recv', 'A', ['ping']) },
      gmsg('A', 'B', ['ping']),
    );
    const r = run(image);
    expect(r.diagnostics.faults).toEqual([{ coro_id: 0, fault: { kind: 'out_of_registers' } }]);
    expect(r.output.trace.map((e) => `${e.tick} ${e.kind}`)).toEqual([
      '0 opened',
      '1 sent',
      '2 received',
      '3 faulted',
      '5 halted',
    ]);
    expect(r.diagnostics.machine_trace[3]).toEqual({
      schema_version: 'lean_bridge.v1',
      kind: 'failure_branch_entered',
      tick: 3,
      session: 0,
      coro_id: 0,
      fault: 'out_of_registers',
    });
  });

  test('both examples are what the cooperative engine computes (strictly)', () => {
    const c = runCooperative(pingPong);
    expect(c.ok && c.value.output).toEqual(run(pingPong).output);
  });
});

describe('Tier-1 instructions', () => {
  const typed = (a: Instruction[], b: Instruction[]) =>
    withSessionTypes(
      rustImage({ A: a, B: b }, { A: lmsg('send', 'B', ['m']), B: lmsg('recv', 'A', ['m']) }, gmsg('A', 'B', ['m'])),
      { A: lmsg('send', 'B', ['m'], END_L, { kind: 'nat' }), B: lmsg('recv', 'A', ['m'], END_L, { kind: 'nat' }) },
    );

  test('Send/Receive: value and sequence number in the events, the value lands in the destination register', () => {
    const r = run(
      typed(
        [{ op: 'Set', dst: 1, val: nat(42) }, { op: 'Send', chan: 0, val: 1 }, HALT],
        [{ op: 'Receive', chan: 0, dst: 3 }, { op: 'Move', dst: 1, src: 3 }, HALT],
      ),
    );
    const sent = r.diagnostics.machine_trace.find((e) => (e as { kind: string }).kind === 'sent');
    expect(sent).toMatchObject({ sequence: 0, value: { kind: 'nat', value: 42 } });
    expect(r.diagnostics.faults).toEqual([]);
  });

  test('Send of a value of the wrong type: type_violation(expected, actual)', () => {
    const r = run(typed([{ op: 'Set', dst: 1, val: str('x') }, { op: 'Send', chan: 0, val: 1 }, HALT], [HALT]));
    expect(r.diagnostics.faults[0]?.fault).toEqual({
      kind: 'type_violation',
      expected: { kind: 'nat' },
      actual: { kind: 'string' },
    });
  });

  test('payload size: repr length against max_payload_bytes (Value.nat 42 is 12 characters)', () => {
    const image = typed([{ op: 'Set', dst: 1, val: nat(42) }, { op: 'Send', chan: 0, val: 1 }, HALT], [HALT]);
    expect(run(image, { config: { maxPayloadBytes: 12 } }).diagnostics.faults).toEqual([]);
    expect(run(image, { config: { maxPayloadBytes: 11 } }).diagnostics.faults[0]?.fault).toEqual({
      kind: 'spec_fault',
      msg: 'send payload exceeds max_payload_bytes=11 (actual=12)',
    });
  });

  test('strict_schema: Send on a single unannotated branch names the missing annotation', () => {
    const image = rustImage(
      { A: [{ op: 'Send', chan: 0, val: 1 }, HALT], B: [HALT] },
      { A: lmsg('send', 'B', ['m']), B: lmsg('recv', 'A', ['m']) },
      gmsg('A', 'B', ['m']),
    );
    expect(run(image, { config: { payloadValidationMode: 'strict_schema' } }).diagnostics.faults[0]?.fault).toEqual({
      kind: 'spec_fault',
      msg: "A: send payload 'm' requires explicit ValType annotation in strict_schema mode",
    });
  });

  test('buffer policies on a full edge: block blocks, drop and error fault, latest_value overwrites', () => {
    const three = [0, 1, 2].map((): Instruction => ({ op: 'Offer', chan: 0, label: 'm' }));
    const image = withSessionTypes(
      rustImage(
        { A: [...three, HALT], B: [HALT] },
        { A: lmsg('send', 'B', ['m']), B: lmsg('recv', 'A', ['m']) },
        gmsg('A', 'B', ['m']),
      ),
      { A: lmsg('send', 'B', ['m'], lmsg('send', 'B', ['m'], lmsg('send', 'B', ['m']))), B: lmsg('recv', 'A', ['m']) },
    );
    const cfg = (policy: { kind: 'block' | 'drop' | 'error' }, mode: 'fifo' | 'latest_value' = 'fifo') => ({
      config: { bufferConfig: { mode, initialCapacity: 1, policy } },
    });
    expect(run(image, cfg({ kind: 'block' })).output.step_states[2]?.blocked).toEqual({ '0': 'send_wait' });
    expect(run(image, cfg({ kind: 'drop' })).diagnostics.faults[0]?.fault).toEqual({
      kind: 'flow_violation',
      msg: 'buffer drop',
    });
    expect(run(image, cfg({ kind: 'error' })).diagnostics.faults[0]?.fault).toEqual({
      kind: 'flow_violation',
      msg: 'buffer overflow',
    });
    const latest = run(image, cfg({ kind: 'block' }, 'latest_value'));
    expect(latest.diagnostics.faults).toEqual([]);
    expect(latest.output.step_states.at(-1)?.buffered_message_counts).toEqual({ '0': 1 });
  });

  test('Invoke needs a bound handler somewhere (a session without protocol edges has none)', () => {
    expect(run(singleRole([INV, HALT])).diagnostics.faults[0]?.fault).toEqual({
      kind: 'invoke_fault',
      msg: 'no handler bound',
    });
  });

  test('Jump, Set, Move, Halt: pcs, registers and the removed type', () => {
    const r = run(
      singleRole([
        { op: 'Jump', target: 2 },
        { op: 'Set', dst: 9, val: nat(1) },
        { op: 'Set', dst: 2, val: nat(1) },
        { op: 'Move', dst: 3, src: 2 },
        HALT,
      ]),
    );
    expect(r.output.step_states.map((s) => s.selected_pc)).toEqual([2, 3, 4, 5]);
    expect(r.output.step_states.at(-1)?.session_type_counts).toEqual({ '0': 0 });
  });

  test('Yield blocks on spawn_wait forever (MD-19); Spawn copies arguments and enqueues the child after the parent', () => {
    const y = run(singleRole([{ op: 'Yield' }, HALT]));
    expect(y.output.status).toBe('stuck');
    expect(y.output.step_states[0]?.exec_status).toBe('yielded');
    const s = run(singleRole([{ op: 'Spawn', target: 2, args: [0, 99, 0] }, HALT, HALT]));
    expect(s.output.step_states[0]).toMatchObject({ exec_status: 'spawned', ready_queue: [0, 1] });
    expect(s.output.status).toBe('completed');
  });

  test('Close: epoch_advanced then closed; the step reports continue and its event is closed', () => {
    const r = run(singleRole([{ op: 'Close', session: 0 }, HALT]));
    expect(traceKinds(r).slice(1, 3)).toEqual(['1 epoch_advanced', '1 closed']);
    expect(r.output.step_states[0]).toMatchObject({ exec_status: 'continue', event: { kind: 'closed', session: 0 } });
    expect(r.output.sessions).toEqual([{ schema_version: 'lean_bridge.v1', sid: 0, terminal: true }]);
  });

  test('output condition deny_all: an observable step faults and leaves no trace, its state reverted', () => {
    const r = run(pingPong, { config: { outputConditionPolicy: { kind: 'deny_all' } } });
    expect(r.diagnostics.faults[0]?.fault).toEqual({
      kind: 'spec_fault',
      msg: 'output condition rejected: protocol_machine.observable_output',
    });
    expect(r.output.step_states[0]?.post_state.sessions[0]?.buffered_messages).toBe(0);
    expect(r.output.step_states[0]?.selected_pc).toBe(1);
  });
});

describe('errors before the run', () => {
  test('schedule, then config, then the loader (paths $, $[k])', () => {
    expect(runImageReference(pingPong, { schedule: [-1] })).toMatchObject({
      ok: false,
      error: { code: 'InvalidConfig', path: '$.schedule' },
    });
    expect(runImageReference(pingPong, { config: { maxSessions: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'InvalidConfig', reason: 'max_sessions must be > 0' },
    });
    const bad = {
      ...pingPong,
      program: { ...pingPong.program, entryPoints: [...pingPong.program.entryPoints, ['A', 0] as const] },
    };
    expect(runImageReference([pingPong, bad])).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', path: '$[1]', reason: 'entry/local role arity mismatch' },
    });
    expect(runImageReference([pingPong, pingPong], { config: { maxSessions: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'too_many_sessions', path: '$[1]' },
    });
  });
});

describe('telltale-lean-ref extension operation runCodeImage', () => {
  const request = (payload: unknown) =>
    JSON.stringify({ schema_version: 'lean_bridge.v1', operation: 'runCodeImage', payload });

  test('is an extension, not one of the Lean runner operations', () => {
    expect(REFERENCE_EXTENSION_OPERATIONS).toEqual(['runCodeImage']);
    expect(REFERENCE_OPERATIONS).not.toContain('runCodeImage');
  });

  test('answers the output and diagnostics of runImageReference for the JSON image and config', () => {
    const config = { ...kMachineConfigDefaults, monitorMode: 'off' as const };
    const answer = handleReferenceInput(
      request({ image: encodeCodeImage(pingPong), config: encodeMachineConfig(config), max_steps: 40, schedule: [1] }),
    );
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const parsed = JSON.parse(answer.line) as { output: unknown; diagnostics: { machine_trace: unknown[] } };
    const direct = run(pingPong, { config: { monitorMode: 'off' }, maxSteps: 40, schedule: [1] });
    expect(parsed.output).toEqual(JSON.parse(JSON.stringify(direct.output)));
    expect(parsed.diagnostics.machine_trace).toEqual(JSON.parse(JSON.stringify(direct.diagnostics.machine_trace)));
  });

  test('reads Rust-shaped images and Tier-2 config fields', () => {
    const answer = handleReferenceInput(
      request({
        images: [
          {
            global_type: { kind: 'end' },
            programs: { A: [{ Set: { dst: 1, val: { Nat: 7 } } }, { Fork: { ghost: 1 } }, 'Join', 'Halt'] },
            local_types: { A: { kind: 'end' } },
          },
        ],
        config: { speculation_enabled: true, guard_layers: [{ id: 'g', active: false }], flow_policy: 'DenyAll' },
        max_steps: 10,
      }),
    );
    expect(answer.ok && (JSON.parse(answer.line) as { output: { status: string } }).output.status).toBe('completed');
  });

  test('bad payloads are answered with errors (exit 0), with paths into the payload', () => {
    const ask = (payload: unknown) => {
      const a = handleReferenceInput(request(payload));
      return a.ok ? (JSON.parse(a.line) as { errors?: { code: string; path: string }[] }).errors?.[0] : undefined;
    };
    expect(ask({ max_steps: 3 })).toMatchObject({ code: 'ParseError', path: 'payload' });
    expect(ask({ image: encodeCodeImage(pingPong) })).toMatchObject({ path: 'payload.max_steps' });
    expect(
      ask({
        image: {
          global_type: { kind: 'end' },
          program: { code: [{ Bogus: {} }], entry_points: [], local_types_r: [] },
        },
        max_steps: 1,
      }),
    ).toMatchObject({
      code: 'InvalidCodeImage',
      path: 'payload.image.program.code[0]',
    });
    expect(ask({ image: encodeCodeImage(pingPong), max_steps: 1, config: { num_registers: 0 } })).toMatchObject({
      code: 'InvalidConfig',
      path: 'payload.config',
    });
    expect(
      ask({
        images: [encodeCodeImage(pingPong), encodeCodeImage(pingPong)],
        max_steps: 1,
        config: { max_sessions: 1 },
      }),
    ).toMatchObject({
      code: 'too_many_sessions',
      path: 'payload.images[1]',
    });
  });
});
