import { describe, expect, test } from 'vitest';
import { handleReferenceInput } from '../../src/reference/handleReferenceInput.js';
import { runReferenceOperation } from '../../src/reference/runReferenceOperation.js';

const V = 'lean_bridge.v1';
const end = { kind: 'end' };
const clientServer = {
  kind: 'comm',
  sender: 'Client',
  receiver: 'Server',
  branches: [
    {
      label: { name: 'req', sort: 'unit' },
      continuation: {
        kind: 'comm',
        sender: 'Server',
        receiver: 'Client',
        branches: [{ label: { name: 'ack', sort: 'unit' }, continuation: end }],
      },
    },
  ],
};
const ev = (kind: string, fields: Record<string, unknown>) => ({ schema_version: V, kind, tick: 0, ...fields });
const sent = (s: string, r: string, label: string, session = 0) =>
  ev('sent', { session, sender: s, receiver: r, label });
const received = (s: string, r: string, label: string, session = 0) =>
  ev('received', { session, sender: s, receiver: r, label });
const validate = (trace: unknown[], roles = ['Client', 'Server']) => {
  const r = runReferenceOperation('validateTrace', {
    choreographies: [{ schema_version: V, global_type: clientServer, roles }],
    trace,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as { valid: boolean; errors: { code: string; path: string; message: string }[] };
};

describe('validateTrace (bridge.md §8.1)', () => {
  const good = [
    ev('opened', { session: 0, role: 'Client,Server' }),
    sent('Client', 'Server', 'req'),
    received('Client', 'Server', 'req'),
    sent('Server', 'Client', 'ack'),
    received('Server', 'Client', 'ack'),
    ev('halted', { target: '0' }),
  ];

  test('accepts the runner trace of the worked example', () => {
    expect(validate(good)).toEqual({ valid: true, errors: [] });
  });

  test('reports each error code with its path and text, stopping at the first', () => {
    expect(validate([ev('opened', { session: 3, role: 'Client,Server' })]).errors).toEqual([
      { code: 'trace.unknown_session', path: 'trace[0]', message: 'unknown session 3' },
    ]);
    expect(validate([good[0], good[0]]).errors).toEqual([
      { code: 'trace.duplicate_open', path: 'trace[1]', message: 'session 0 opened twice' },
    ]);
    expect(validate([ev('opened', { session: 0, roles: ['Client'] })]).errors).toEqual([
      { code: 'trace.role_mismatch', path: 'trace[0].roles', message: 'session 0 roles do not match choreography' },
    ]);
    expect(validate([sent('Client', 'Server', 'req')]).errors).toEqual([
      { code: 'trace.send_before_open', path: 'trace[0]', message: 'session 0 sent before open' },
    ]);
    expect(validate([received('Client', 'Server', 'req')]).errors).toEqual([
      { code: 'trace.recv_before_open', path: 'trace[0]', message: 'session 0 received before open' },
    ]);
    expect(validate([good[0], sent('Server', 'Client', 'nack')]).errors).toEqual([
      {
        code: 'trace.unknown_action',
        path: 'trace[1].label',
        message: "Server->Client label 'nack' is not permitted by the choreography",
      },
    ]);
    expect(validate([good[0], received('Server', 'Client', 'ack')]).errors).toEqual([
      { code: 'trace.unmatched_receive', path: 'trace[1]', message: "Server->Client label 'ack' had no matching send" },
    ]);
    expect(validate([good[0], sent('Client', 'Server', 'req')]).errors).toEqual([
      { code: 'trace.unmatched_send', path: 'trace', message: 'trace ended with unmatched send events' },
    ]);
    expect(validate([ev('closed', { session: 0 })]).errors).toEqual([
      { code: 'trace.close_before_open', path: 'trace[0]', message: 'session 0 closed before open' },
    ]);
    expect(validate([good[0], sent('Client', 'Server', 'req'), ev('closed', { session: 0 })]).errors).toEqual([
      { code: 'trace.close_with_outstanding', path: 'trace[2]', message: 'session 0 closed with outstanding sends' },
    ]);
  });

  test('decode errors carry only code and path (texts not pinned)', () => {
    expect(validate([{ tick: 0 }]).errors[0]).toMatchObject({ code: 'trace.invalid_event', path: 'trace[0].kind' });
    expect(validate([ev('opened', { session: -1 })]).errors[0]).toMatchObject({
      code: 'trace.invalid_session',
      path: 'trace[0].session',
    });
    expect(validate([ev('opened', { session: 0 })]).errors[0]).toMatchObject({
      code: 'trace.invalid_roles',
      path: 'trace[0].roles',
    });
    expect(validate([good[0], ev('sent', { session: 0, sender: 1 })]).errors[0]).toMatchObject({
      code: 'trace.invalid_sender',
      path: 'trace[1].sender',
    });
    expect(validate([good[0], ev('sent', { session: 0, sender: 'a', receiver: 'b' })]).errors[0]).toMatchObject({
      code: 'trace.invalid_label',
      path: 'trace[1].label',
    });
    expect(runReferenceOperation('validateTrace', { trace: [] })).toMatchObject({
      ok: true,
      value: { valid: false, errors: [{ code: 'trace.invalid_payload', path: 'payload' }] },
    });
  });
});

describe('runSimulation and validateSimulationTrace (bridge.md §8.2–8.3)', () => {
  test('reproduces the §8.3 example answer byte for byte', () => {
    const answer = handleReferenceInput(
      JSON.stringify({
        schema_version: V,
        operation: 'runSimulation',
        payload: { schema_version: V, scenario: { steps: 3 }, global_type: clientServer, local_types: {} },
      }),
    );
    expect(answer).toEqual({
      ok: true,
      line:
        '{"artifacts":{"action_count":2,"actions":[{"label":"req","receiver":"Server","sender":"Client"},{"label":"ack","receiver":"Client","sender":"Server"}],' +
        '"active_steps_per_round":2,"mode":"deterministic_reference","num_roles":2,"observable_count":4,"roles":["Client","Server"],"steps":3,"trace_length":5},' +
        '"schema_version":"lean_bridge.v1",' +
        '"trace":[{"kind":"opened","role":"Client,Server","schema_version":"lean_bridge.v1","session":0,"tick":0},' +
        '{"kind":"sent","label":"req","receiver":"Server","schema_version":"lean_bridge.v1","sender":"Client","session":0,"tick":1},' +
        '{"kind":"received","label":"req","receiver":"Server","schema_version":"lean_bridge.v1","sender":"Client","session":0,"tick":2},' +
        '{"kind":"sent","label":"ack","receiver":"Client","schema_version":"lean_bridge.v1","sender":"Server","session":0,"tick":3},' +
        '{"kind":"received","label":"ack","receiver":"Client","schema_version":"lean_bridge.v1","sender":"Server","session":0,"tick":4}],' +
        '"violations":[]}',
    });
  });

  test('steps 0 gives only the opened event; a bad payload is data with simulation.invalid_payload', () => {
    expect(runReferenceOperation('runSimulation', { scenario: { steps: 0 }, global_type: clientServer })).toMatchObject(
      { ok: true, value: { artifacts: { observable_count: 0, trace_length: 1 }, trace: [{ kind: 'opened' }] } },
    );
    expect(runReferenceOperation('runSimulation', { global_type: clientServer })).toMatchObject({
      ok: true,
      value: {
        schema_version: V,
        trace: [],
        violations: [],
        artifacts: {},
        errors: [{ code: 'simulation.invalid_payload', path: 'payload' }],
      },
    });
  });

  test('validateSimulationTrace uses the global type roles and actions for session 0', () => {
    const trace = [
      ev('opened', { session: 0, role: 'Server,Client' }),
      sent('Client', 'Server', 'req'),
      received('Client', 'Server', 'req'),
    ];
    expect(runReferenceOperation('validateSimulationTrace', { input: { global_type: clientServer }, trace })).toEqual({
      ok: true,
      value: { valid: true, errors: [] },
    });
    expect(runReferenceOperation('validateSimulationTrace', { trace })).toMatchObject({
      ok: true,
      value: { valid: false, errors: [{ code: 'simulation.invalid_payload', path: 'payload' }] },
    });
  });

  test('any other operation is unsupported', () => {
    expect(runReferenceOperation('inspectCapabilityModel', {})).toEqual({
      ok: false,
      error: {
        code: 'UnsupportedOperation',
        path: '$.operation',
        message: 'unsupported operation: inspectCapabilityModel',
      },
    });
  });
});
