import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runRequestArb } from '../../arbitraries/runRequest.js';
import { slowStepStates } from '../_helpers/slowStepStates.js';
import { testSeed } from '../_helpers/seed.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { tier2Defaults, type RunRequest, type StepState } from '../../src/types/bridge.js';
import { END, comm, gvar, msg, rec, request } from './_helpers.js';

// bridge.md §3 request, verbatim.
const section3: RunRequest = {
  schema_version: 'lean_bridge.v1',
  choreographies: [
    {
      schema_version: 'lean_bridge.v1',
      global_type: {
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
              branches: [{ label: { name: 'ack', sort: 'unit' }, continuation: { kind: 'end' } }],
            },
          },
        ],
      },
      roles: ['Server', 'Client'],
    },
  ],
  concurrency: 1,
  max_steps: 64,
};

function run(req: RunRequest, options: Parameters<typeof runCooperative>[1] = {}) {
  const r = runCooperative(req, options);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

describe('bridge.md §4 / §15.9: the request of §3', () => {
  test('the exact run output (trace, sessions, steps, status, concurrency)', () => {
    const { output } = run(section3);
    // The Tier 2 keys are emitted as their empty defaults by our engines (bridge.md §4.1); the rest is the §4 line.
    const { step_states, effect_trace, effect_exchanges, output_condition_trace, semantic_objects, ...rest } = output;
    expect({ effect_trace, effect_exchanges, output_condition_trace, semantic_objects }).toEqual(tier2Defaults());
    expect(JSON.stringify(sortKeys(rest))).toBe(
      '{"concurrency":1,"schema_version":"lean_bridge.v1","sessions":[{"schema_version":"lean_bridge.v1","sid":0,"terminal":false}],"status":"completed","steps_executed":11,"trace":[' +
        '{"kind":"opened","role":"Client,Server","schema_version":"lean_bridge.v1","session":0,"tick":0},' +
        '{"kind":"sent","label":"req","receiver":"Server","schema_version":"lean_bridge.v1","sender":"Client","session":0,"tick":1},' +
        '{"kind":"received","label":"req","receiver":"Server","schema_version":"lean_bridge.v1","sender":"Client","session":0,"tick":2},' +
        '{"kind":"sent","label":"ack","receiver":"Client","schema_version":"lean_bridge.v1","sender":"Server","session":0,"tick":6},' +
        '{"kind":"received","label":"ack","receiver":"Client","schema_version":"lean_bridge.v1","sender":"Server","session":0,"tick":8},' +
        '{"kind":"halted","schema_version":"lean_bridge.v1","target":"1","tick":9},' +
        '{"kind":"halted","schema_version":"lean_bridge.v1","target":"0","tick":11}]}',
    );
    expect(step_states).toHaveLength(11);
    expect(Object.keys(output).sort()).toEqual([
      'concurrency',
      'effect_exchanges',
      'effect_trace',
      'output_condition_trace',
      'schema_version',
      'semantic_objects',
      'sessions',
      'status',
      'step_states',
      'steps_executed',
      'trace',
    ]);
  });

  test('step_states[4] is the bridge.md §4.6 example', () => {
    const s = run(section3).output.step_states[4];
    expect(s).toEqual({
      step_index: 4,
      pre_state: {
        coroutines: [
          { coro_id: 0, session_id: 0, pc: 2, status: 'ready', owned_endpoints: 1, progress_tokens: 0 },
          { coro_id: 1, session_id: 0, pc: 7, status: 'ready', owned_endpoints: 1, progress_tokens: 0 },
        ],
        sessions: [
          {
            sid: 0,
            role_count: 2,
            local_type_entries: 2,
            buffer_edges: 2,
            buffered_messages: 0,
            status: 'active',
            epoch: 0,
          },
        ],
        scheduler: { ready_queue: [0, 1], blocked: {}, step_count: 4 },
      },
      post_state: {
        coroutines: [
          { coro_id: 0, session_id: 0, pc: 2, status: 'blocked', owned_endpoints: 1, progress_tokens: 0 },
          { coro_id: 1, session_id: 0, pc: 7, status: 'ready', owned_endpoints: 1, progress_tokens: 0 },
        ],
        sessions: [
          {
            sid: 0,
            role_count: 2,
            local_type_entries: 2,
            buffer_edges: 2,
            buffered_messages: 0,
            status: 'active',
            epoch: 0,
          },
        ],
        scheduler: { ready_queue: [1], blocked: { '0': 'recv_wait' }, step_count: 5 },
      },
      selected_coro: 0,
      selected_pc: 2,
      selected_type: 'LocalType.branch "Server" [("ack", LocalType.end_)]',
      exec_status: 'blocked',
      session_type_counts: { '0': 2 },
      buffered_message_counts: { '0': 0 },
      ready_queue: [1],
      blocked: { '0': 'recv_wait' },
      event: null,
    });
  });

  test('the §15.9 round table: picks, exec statuses, ready queues, events', () => {
    const states = run(section3).output.step_states;
    expect(
      states.map((s) => [s.pre_state.scheduler.ready_queue, s.selected_coro, s.exec_status, s.event?.kind ?? null]),
    ).toEqual([
      [[0, 1], 0, 'continue', 'sent'],
      [[1, 0], 1, 'continue', 'received'],
      [[0, 1], 0, 'continue', null],
      [[1, 0], 1, 'continue', null],
      [[0, 1], 0, 'blocked', null],
      [[1], 1, 'continue', 'sent'],
      [[1, 0], 1, 'continue', null],
      [[0, 1], 0, 'continue', 'received'],
      [[1, 0], 1, 'halted', 'halted'],
      [[0], 0, 'continue', null],
      [[0], 0, 'halted', 'halted'],
    ]);
    expect(states.map((s) => s.selected_pc)).toEqual([1, 6, 2, 7, 2, 8, 9, 3, 10, 4, 5]);
    expect(states.map((s) => s.session_type_counts['0'])).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 0]);
    expect(states.map((s) => s.buffered_message_counts['0'])).toEqual([1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(states[8]?.selected_type).toBeNull();
    expect(states[8]?.event).toEqual({ schema_version: 'lean_bridge.v1', kind: 'halted', tick: 9, target: '1' });
  });

  test('diagnostics: final tick, no faults, full machine trace with invoked events', () => {
    const { diagnostics } = run(section3);
    expect(diagnostics?.engine).toBe('cooperative');
    expect(diagnostics?.final_tick).toBe(11);
    expect(diagnostics?.faults).toEqual([]);
    expect(
      diagnostics?.machine_trace.map((e) => `${(e as { tick: number }).tick}:${(e as { kind: string }).kind}`),
    ).toEqual([
      '0:opened',
      '1:sent',
      '2:received',
      '3:invoked',
      '4:invoked',
      '6:sent',
      '7:invoked',
      '8:received',
      '9:halted',
      '10:invoked',
      '11:halted',
    ]);
    expect(diagnostics?.failure_visible).toEqual({
      crashed_sites: [],
      partitioned_edges: [],
      corrupted_edges: [],
      timed_out_sites: [],
    });
  });

  test('is deterministic: two runs are deep-equal', () => {
    expect(run(section3)).toEqual(run(section3));
  });
});

describe('bridge.md §15.9 further behaviours', () => {
  test('two choreographies interleave in one global round-robin; coroutine ids continue', () => {
    const g = msg('A', 'B', 'm');
    const { output } = run(
      request([
        [g, ['A', 'B']],
        [g, ['A', 'B']],
      ]),
    );
    expect(output.trace.slice(0, 2)).toEqual([
      { schema_version: 'lean_bridge.v1', kind: 'opened', tick: 0, session: 0, role: 'A,B' },
      { schema_version: 'lean_bridge.v1', kind: 'opened', tick: 0, session: 1, role: 'A,B' },
    ]);
    expect(output.step_states.slice(0, 4).map((s) => s.selected_coro)).toEqual([0, 1, 2, 3]);
    expect(output.trace.slice(2, 4).map((e) => [e.kind, e.session, e.tick])).toEqual([
      ['sent', 0, 1],
      ['received', 0, 2],
    ]);
    expect(output.step_states[0]?.pre_state.sessions.map((s) => s.sid)).toEqual([1, 0]);
    expect(output.sessions.map((s) => s.sid)).toEqual([0, 1]);
    expect(output.status).toBe('completed');
  });

  test('a rec loop never finishes and ends stuck when fuel runs out', () => {
    const g = rec('t', msg('A', 'B', 'ping', msg('B', 'A', 'pong', gvar('t'))));
    const { output } = run(request([[g, ['A', 'B']]], 30));
    expect(output.status).toBe('stuck');
    expect(output.steps_executed).toBe(30);
    expect(output.step_states).toHaveLength(30);
  });

  test('a multi-branch choice always takes its first branch', () => {
    const g = comm('A', 'B', [
      ['yes', END],
      ['no', END],
    ]);
    const { output } = run(request([[g, ['A', 'B']]]));
    expect(output.trace.filter((e) => e.kind === 'sent' || e.kind === 'received').map((e) => e.label)).toEqual([
      'yes',
      'yes',
    ]);
    expect(output.status).toBe('completed');
  });

  test('max_steps 0 yields only the opened events and stuck', () => {
    const { output } = run(request([[msg('A', 'B', 'm'), ['A', 'B']]], 0));
    expect(output.trace.map((e) => e.kind)).toEqual(['opened']);
    expect(output.status).toBe('stuck');
    expect(output.steps_executed).toBe(0);
    expect(output.step_states).toEqual([]);
  });

  test('max_steps 0 with no coroutines is completed; empty roles give opened.role ""', () => {
    const { output } = run(request([[msg('A', 'B', 'm'), []]], 0));
    expect(output.trace).toEqual([{ schema_version: 'lean_bridge.v1', kind: 'opened', tick: 0, session: 0, role: '' }]);
    expect(output.status).toBe('completed');
    expect(run(request([], 5)).output).toMatchObject({
      status: 'completed',
      trace: [],
      sessions: [],
      steps_executed: 0,
    });
  });

  test('listing only the sender yields completed with an unconsumed message', () => {
    const { output } = run(request([[msg('A', 'B', 'm'), ['A']]]));
    expect(output.status).toBe('completed');
    expect(output.step_states.at(-1)?.buffered_message_counts).toEqual({ '0': 1 });
    expect(output.trace.map((e) => e.kind)).toEqual(['opened', 'sent', 'halted']);
  });

  test('listing only the receiver ends stuck with the receiver blocked', () => {
    const { output } = run(request([[msg('A', 'B', 'm'), ['B']]]));
    expect(output.status).toBe('stuck');
    expect(output.steps_executed).toBe(1);
    expect(output.step_states[0]?.blocked).toEqual({ '0': 'recv_wait' });
  });

  test('concurrency is echoed unchanged, 0 included', () => {
    expect(run(request([[msg('A', 'B', 'm'), ['A', 'B']]], 64, 0)).output.concurrency).toBe(0);
    expect(run(request([[msg('A', 'B', 'm'), ['A', 'B']]], 64, 7)).output.concurrency).toBe(7);
  });
});

describe('run request errors (machine.md §9.5, bridge.md §5.3)', () => {
  test('a role rejected by the checked projection fails the load', () => {
    // Z is a bystander of a choice whose branches project differently for it (projection.md §6.2).
    const g = rec(
      't',
      comm('A', 'B', [
        ['more', gvar('t')],
        ['stop', END],
      ]),
    );
    const r = runCooperative(request([[g, ['A', 'B', 'Z']]]));
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'validation_failed',
        path: '$.choreographies[0]',
        message: 'bad choreography image: projection mismatch for role Z',
        reason: 'projection mismatch for role Z',
      },
    });
  });

  test('a role listed twice: duplicate entry-point role', () => {
    const r = runCooperative(request([[END, ['A', 'A']]]));
    expect(r.ok ? null : r.error.message).toBe('bad choreography image: duplicate entry-point role');
  });

  test('the first rejected role in sorted order is reported, at the failing choreography', () => {
    const bad = comm('A', 'B', [
      ['x', msg('C', 'D', 'p')],
      ['y', msg('D', 'C', 'q')],
    ]);
    const r = runCooperative(
      request([
        [msg('A', 'B', 'm'), ['A', 'B']],
        [bad, ['D', 'C', 'A', 'B']],
      ]),
    );
    expect(r.ok ? null : [r.error.path, r.error.message]).toEqual([
      '$.choreographies[1]',
      'bad choreography image: projection mismatch for role C',
    ]);
  });

  test('too many sessions: 257 choreographies', () => {
    const one: readonly [typeof END, readonly string[]] = [END, []];
    const r = runCooperative(request(Array.from({ length: 257 }, () => one)));
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'too_many_sessions',
        path: '$.choreographies[256]',
        message: 'too many sessions while loading choreographies: 256',
        max: 256,
      },
    });
    expect(runCooperative(request(Array.from({ length: 256 }, () => one))).ok).toBe(true);
  });

  test('too many coroutines: more than 1024 roles in total', () => {
    const roles = Array.from({ length: 1000 }, (_, i) => `R${i}`);
    const r = runCooperative(
      request([
        [END, roles],
        [END, roles.slice(0, 25)],
      ]),
    );
    expect(r.ok ? null : [r.error.code, r.error.path, r.error.message]).toEqual([
      'too_many_coroutines',
      '$.choreographies[1]',
      'too many coroutines while loading choreographies: 1024',
    ]);
  });

  test('an undecodable choreography is a ParseError "bad choreography: ..."', () => {
    const req = {
      ...request([[END, ['A']]]),
      choreographies: [{ schema_version: 'lean_bridge.v1', global_type: { kind: 'bogus' }, roles: ['A'] }],
    };
    const r = runCooperative(req);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'ParseError', path: '$.choreographies[0]', message: expect.stringMatching(/^bad choreography: /) },
    });
    const noRoles = {
      ...request([[END, ['A']]]),
      choreographies: [{ schema_version: 'lean_bridge.v1', global_type: END, roles: [1] }],
    };
    expect(runCooperative(noRoles as unknown as RunRequest)).toMatchObject({
      ok: false,
      error: { code: 'ParseError', path: '$.choreographies[0]' },
    });
  });

  test('schema versions and numeric fields are checked client-side', () => {
    expect(runCooperative({ ...section3, schema_version: 'v0' })).toEqual({
      ok: false,
      error: {
        code: 'ParseError',
        path: '$.schema_version',
        message: `unsupported schema_version '"v0"' for ProtocolMachineRunInput; expected 'lean_bridge.v1'`,
      },
    });
    const chor = {
      ...section3.choreographies[0],
      schema_version: undefined,
    } as unknown as RunRequest['choreographies'][number];
    expect(runCooperative({ ...section3, choreographies: [chor] })).toMatchObject({
      ok: false,
      error: {
        path: '$.choreographies[0].schema_version',
        message: `unsupported schema_version 'null' for Lean bridge payload; expected 'lean_bridge.v1'`,
      },
    });
    expect(runCooperative({ ...section3, concurrency: -1 })).toMatchObject({
      ok: false,
      error: { code: 'ParseError', path: '$.concurrency' },
    });
    expect(runCooperative({ ...section3, max_steps: 1.5 })).toMatchObject({
      ok: false,
      error: { code: 'ParseError', path: '$.max_steps' },
    });
  });

  test('invalid config and invalid schedules fail before the run', () => {
    expect(runCooperative(section3, { config: { maxSessions: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'InvalidConfig', reason: 'max_sessions must be > 0' },
    });
    expect(runCooperative(section3, { schedule: [0, -1] })).toMatchObject({
      ok: false,
      error: { code: 'InvalidConfig', reason: 'schedule entries must be non-negative integers' },
    });
    expect(runCooperative(section3, { schedule: [0.5] }).ok).toBe(false);
  });
});

describe('options: tracing and schedules (machine.md §7.7)', () => {
  test('trace off: no events, no step_states, same counts and status', () => {
    const on = run(section3);
    const off = run(section3, { trace: false });
    expect(off.output.trace).toEqual([]);
    expect(off.output.step_states).toEqual([]);
    expect(off.diagnostics?.machine_trace).toEqual([]);
    expect([off.output.steps_executed, off.output.status, off.diagnostics?.final_tick]).toEqual([
      on.output.steps_executed,
      on.output.status,
      on.diagnostics?.final_tick,
    ]);
    const noStates = run(section3, { stepStates: false });
    expect(noStates.output.trace).toEqual(on.output.trace);
    expect(noStates.output.step_states).toEqual([]);
  });

  test('an empty schedule or one of zeros gives exactly the unscheduled run', () => {
    const base = run(section3);
    expect(run(section3, { schedule: [] })).toEqual(base);
    expect(run(section3, { schedule: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] })).toEqual(base);
  });

  test('a schedule picks candidate c mod count, then falls back to default picks', () => {
    const g = msg('A', 'B', 'm');
    // Two sessions: ready queue [0,1,2,3]. Entry 3 picks coroutine 3 (B of session 1), which blocks.
    const { output } = run(
      request([
        [g, ['A', 'B']],
        [g, ['A', 'B']],
      ]),
      { schedule: [3, 5] },
    );
    expect(output.step_states[0]?.selected_coro).toBe(3);
    expect(output.step_states[0]?.exec_status).toBe('blocked');
    // Candidates now [0,1,2]; 5 mod 3 = 2.
    expect(output.step_states[1]?.selected_coro).toBe(2);
    // Exhausted: default picks (first runnable of [0,1]).
    expect(output.step_states[2]?.selected_coro).toBe(0);
    expect(output.status).toBe('completed');
  });
});

describe('code images as input', () => {
  test('runCooperative accepts a CodeImage with concurrency 1 and an explicit budget', async () => {
    const { codeImageFromLocalTypes } = await import('../../src/machine/codeImage.js');
    const { projectCore } = await import('../../src/projection/projectCore.js');
    const g = msg('A', 'B', 'm');
    const image = codeImageFromLocalTypes(
      [
        ['A', projectCore(g, 'A')],
        ['B', projectCore(g, 'B')],
      ],
      g,
    );
    const r = runCooperative(image, { maxSteps: 3 });
    expect(r.ok && [r.value.output.concurrency, r.value.output.steps_executed, r.value.output.status]).toEqual([
      1,
      3,
      'stuck',
    ]);
  });
});

describe('step states when a round changes nothing (the last post-state is the next pre-state)', () => {
  test('every step state equals the one taken with a fresh slice at every round', () => {
    let wakes = 0;
    let steps = 0;
    for (const req of fc.sample(runRequestArb({ maxSteps: 60 }), { seed: testSeed(20261209), numRuns: 150 })) {
      const slow = slowStepStates(req);
      const r = runCooperative(req);
      if (slow === undefined || !r.ok) continue;
      wakes += slow.wakes;
      steps += slow.states.length;
      expect(JSON.parse(JSON.stringify(r.value.output.step_states))).toEqual(JSON.parse(JSON.stringify(slow.states)));
    }
    // Both kinds of round occur: with wakes (a fresh slice) and without (the kept one).
    expect(wakes).toBeGreaterThan(100);
    expect(steps - wakes).toBeGreaterThan(1000);
  });
});

describe('per-session counts of the step states (records kept while their numbers stay)', () => {
  test('each record is what its post-state sessions say, sid by sid', () => {
    let reused = 0;
    let states = 0;
    for (const req of fc.sample(runRequestArb({ maxSteps: 60 }), { seed: testSeed(20261211), numRuns: 150 })) {
      const r = runCooperative(req);
      if (!r.ok) continue;
      let previous: StepState | undefined;
      for (const s of r.value.output.step_states) {
        states += 1;
        const types: Record<string, number> = {};
        const messages: Record<string, number> = {};
        for (const x of s.post_state.sessions) {
          types[String(x.sid)] = x.local_type_entries;
          messages[String(x.sid)] = x.buffered_messages;
        }
        expect(JSON.stringify(s.session_type_counts)).toBe(JSON.stringify(types));
        expect(JSON.stringify(s.buffered_message_counts)).toBe(JSON.stringify(messages));
        if (previous !== undefined && s.session_type_counts === previous.session_type_counts) reused += 1;
        previous = s;
      }
    }
    expect(reused).toBeGreaterThan(states / 4);
  });
});
