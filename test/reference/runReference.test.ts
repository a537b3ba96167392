import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { handleReferenceInput } from '../../src/reference/handleReferenceInput.js';
import { runReference } from '../../src/reference/runReference.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { compareCodePoints } from '../../src/projection/rolesSorted.js';
import type { RunOutput, RunRequest } from '../../src/types/bridge.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/runners/requests/${name}`, import.meta.url), 'utf8');
const clientServer = JSON.parse(fixture('client-server.json')) as Record<string, unknown>;

const unit = (name: string) => ({ name, sort: 'unit' });
const end = { kind: 'end' };
const comm = (sender: string, receiver: string, ...branches: [string, unknown][]) => ({
  kind: 'comm',
  sender,
  receiver,
  branches: branches.map(([l, c]) => ({ label: unit(l), continuation: c })),
});
const request = (
  choreographies: { global_type: unknown; roles: string[] }[],
  maxSteps = 64,
  concurrency: unknown = 1,
) => ({
  schema_version: 'lean_bridge.v1',
  choreographies: choreographies.map((c) => ({ schema_version: 'lean_bridge.v1', ...c })),
  concurrency,
  max_steps: maxSteps,
});

function output(req: unknown): RunOutput {
  const r = runReference(req);
  if (!r.ok) throw new Error(`unexpected failure: ${r.error.message}`);
  expect(r.value.diagnostics).toBeNull();
  return r.value.output;
}

function failure(req: unknown): { code: string; path: string; message: string } {
  const r = runReference(req);
  if (r.ok) throw new Error('expected a hard failure');
  return { code: r.error.code, path: r.error.path, message: r.error.message };
}

const brief = (out: RunOutput) =>
  out.trace.map(
    (e) =>
      `${e.tick}:${e.kind}:${e.session ?? ''}:${e.sender ?? ''}>${e.receiver ?? ''}:${e.label ?? e.role ?? e.target ?? ''}${e.reason ? `:${e.reason}` : ''}`,
  );

describe('runReference — bridge.md §4 / §15.9 worked example', () => {
  // The exact line of bridge.md §4 (line breaks removed), with the step_states elided there.
  const expectedWithoutSteps =
    '{"concurrency":1,"schema_version":"lean_bridge.v1","sessions":[{"schema_version":"lean_bridge.v1","sid":0,"terminal":false}],"status":"completed","steps_executed":11,"trace":[' +
    '{"kind":"opened","role":"Client,Server","schema_version":"lean_bridge.v1","session":0,"tick":0},' +
    '{"kind":"sent","label":"req","receiver":"Server","schema_version":"lean_bridge.v1","sender":"Client","session":0,"tick":1},' +
    '{"kind":"received","label":"req","receiver":"Server","schema_version":"lean_bridge.v1","sender":"Client","session":0,"tick":2},' +
    '{"kind":"sent","label":"ack","receiver":"Client","schema_version":"lean_bridge.v1","sender":"Server","session":0,"tick":6},' +
    '{"kind":"received","label":"ack","receiver":"Client","schema_version":"lean_bridge.v1","sender":"Server","session":0,"tick":8},' +
    '{"kind":"halted","schema_version":"lean_bridge.v1","target":"1","tick":9},' +
    '{"kind":"halted","schema_version":"lean_bridge.v1","target":"0","tick":11}]}';

  test('prints the exact §4 line (keys sorted, compact) apart from step_states', () => {
    const answer = handleReferenceInput(fixture('client-server.json'));
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const line = answer.line;
    expect(line).not.toContain('\n');
    const start = line.indexOf(',"step_states":[');
    const end = line.indexOf('],"steps_executed"');
    expect(start).toBeGreaterThan(0);
    expect(line.slice(0, start) + line.slice(end + 1)).toBe(expectedWithoutSteps);
  });

  test('follows the §15.9 round table step by step', () => {
    const out = output(clientServer);
    expect(out.steps_executed).toBe(11);
    expect(out.step_states).toHaveLength(11);
    const rows = out.step_states.map((s) => [
      s.selected_coro,
      s.selected_pc,
      s.exec_status,
      s.ready_queue,
      s.event?.kind ?? null,
    ]);
    expect(rows).toEqual([
      [0, 1, 'continue', [1, 0], 'sent'],
      [1, 6, 'continue', [0, 1], 'received'],
      [0, 2, 'continue', [1, 0], null],
      [1, 7, 'continue', [0, 1], null],
      [0, 2, 'blocked', [1], null],
      [1, 8, 'continue', [1], 'sent'],
      [1, 9, 'continue', [0, 1], null],
      [0, 3, 'continue', [1, 0], 'received'],
      [1, 10, 'halted', [0], 'halted'],
      [0, 4, 'continue', [0], null],
      [0, 5, 'halted', [], 'halted'],
    ]);
    // The ready queue before each pick (pre_state), as in the "Ready before pick" column.
    expect(out.step_states.map((s) => s.pre_state.scheduler.ready_queue)).toEqual([
      [0, 1],
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 1],
      [1],
      [1, 0],
      [0, 1],
      [1, 0],
      [0],
      [0],
    ]);
  });

  test('reproduces the §4.6 step_states entry 4 field by field', () => {
    const s = output(clientServer).step_states[4];
    const coro = (id: number, pc: number, status: string) => ({
      coro_id: id,
      session_id: 0,
      pc,
      status,
      owned_endpoints: 1,
      progress_tokens: 0,
    });
    const session = {
      sid: 0,
      role_count: 2,
      local_type_entries: 2,
      buffer_edges: 2,
      buffered_messages: 0,
      status: 'active',
      epoch: 0,
    };
    expect(s).toEqual({
      step_index: 4,
      pre_state: {
        coroutines: [coro(0, 2, 'ready'), coro(1, 7, 'ready')],
        sessions: [session],
        scheduler: { ready_queue: [0, 1], blocked: {}, step_count: 4 },
      },
      post_state: {
        coroutines: [coro(0, 2, 'blocked'), coro(1, 7, 'ready')],
        sessions: [session],
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

  test('counts type entries down as roles halt and reports null selected_type after halt', () => {
    const out = output(clientServer);
    expect(out.step_states.map((s) => s.session_type_counts['0'])).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 0]);
    expect(out.step_states[8]?.selected_type).toBeNull();
    expect(out.step_states[1]?.buffered_message_counts).toEqual({ '0': 0 });
    expect(out.step_states[0]?.buffered_message_counts).toEqual({ '0': 1 });
  });
});

describe('runReference — further behaviours of bridge.md §15.9', () => {
  const ab = comm('A', 'B', ['m', end]);

  test('interleaves two choreographies in one global round-robin, ids continuing across sessions', () => {
    const out = output(
      request([
        { global_type: ab, roles: ['A', 'B'] },
        { global_type: ab, roles: ['B', 'A'] },
      ]),
    );
    expect(brief(out)).toEqual([
      '0:opened:0:>:A,B',
      '0:opened:1:>:A,B',
      '1:sent:0:A>B:m',
      '2:received:0:A>B:m',
      '3:sent:1:A>B:m',
      '4:received:1:A>B:m',
      '9:halted::>:0',
      '10:halted::>:1',
      '11:halted::>:2',
      '12:halted::>:3',
    ]);
    expect(out.sessions).toEqual([
      { schema_version: 'lean_bridge.v1', sid: 0, terminal: false },
      { schema_version: 'lean_bridge.v1', sid: 1, terminal: false },
    ]);
    // Sessions in step states are newest first (descending sid).
    expect(out.step_states[0]?.pre_state.sessions.map((s) => s.sid)).toEqual([1, 0]);
    expect(out.status).toBe('completed');
  });

  test('a rec loop runs out of fuel and ends stuck with steps_executed = max_steps', () => {
    const loop = { kind: 'rec', var: 't', body: comm('A', 'B', ['ping', { kind: 'var', name: 't' }]) };
    const out = output(request([{ global_type: loop, roles: ['A', 'B'] }], 20));
    expect(out.status).toBe('stuck');
    expect(out.steps_executed).toBe(20);
    expect(out.step_states).toHaveLength(20);
    expect(out.trace.filter((e) => e.kind === 'sent').length).toBeGreaterThan(2);
  });

  test('a multi-branch choice always takes its first branch', () => {
    const choice = comm('A', 'B', ['yes', comm('B', 'A', ['ok', end])], ['no', end]);
    const out = output(request([{ global_type: choice, roles: ['A', 'B'] }]));
    expect(out.trace.filter((e) => e.label !== undefined).map((e) => `${e.kind}:${e.label}`)).toEqual([
      'sent:yes',
      'received:yes',
      'sent:ok',
      'received:ok',
    ]);
    expect(out.status).toBe('completed');
  });

  test('max_steps 0 yields only the opened events and stuck (completed without coroutines)', () => {
    const out = output(request([{ global_type: ab, roles: ['A', 'B'] }], 0));
    expect(brief(out)).toEqual(['0:opened:0:>:A,B']);
    expect(out.status).toBe('stuck');
    expect(out.steps_executed).toBe(0);
    expect(out.step_states).toEqual([]);
    expect(output(request([], 0)).status).toBe('completed');
    expect(output(request([{ global_type: ab, roles: [] }], 0))).toMatchObject({
      status: 'completed',
      trace: [{ kind: 'opened', role: '' }],
    });
  });

  test('listing only the sender completes with an unconsumed message', () => {
    const out = output(request([{ global_type: ab, roles: ['A'] }]));
    expect(out.status).toBe('completed');
    expect(brief(out)).toEqual(['0:opened:0:>:A', '1:sent:0:A>B:m', '3:halted::>:0']);
    expect(out.step_states.at(-1)?.buffered_message_counts).toEqual({ '0': 1 });
  });

  test('listing only the receiver blocks forever: stuck after one step', () => {
    const out = output(request([{ global_type: ab, roles: ['B'] }]));
    expect(out.status).toBe('stuck');
    expect(out.steps_executed).toBe(1);
    expect(out.step_states[0]?.blocked).toEqual({ '0': 'recv_wait' });
  });

  test('echoes concurrency unchanged, 0 and values past 2^53 included', () => {
    expect(output(request([], 4, 0)).concurrency).toBe(0);
    const line = handleReferenceInput('{"choreographies":[],"concurrency":123456789012345678901,"max_steps":1}');
    expect(line).toEqual({
      ok: true,
      line: '{"concurrency":123456789012345678901,"schema_version":"lean_bridge.v1","sessions":[],"status":"completed","step_states":[],"steps_executed":0,"trace":[]}',
    });
  });

  test('ignores the request schema_version and unknown fields (BR-DEV-03)', () => {
    const out = output({
      ...request([{ global_type: ab, roles: ['A', 'B'] }]),
      schema_version: 'bogus',
      extra: [1, 2],
    });
    expect(out.status).toBe('completed');
  });

  test('a doubly nested mu faults both roles with the monitor texts (faulted counts as terminal)', () => {
    const g = {
      kind: 'rec',
      var: 'x',
      body: { kind: 'rec', var: 'y', body: comm('A', 'B', ['a', { kind: 'var', name: 'x' }]) },
    };
    const out = output(request([{ global_type: g, roles: ['A', 'B'] }], 10));
    expect(brief(out)).toEqual([
      '0:opened:0:>:A,B',
      '1:faulted::>:0:spec_fault:[monitor] expected Send state',
      '2:faulted::>:1:spec_fault:[monitor] expected Recv state',
    ]);
    expect(out.step_states.map((s) => [s.exec_status, s.selected_pc])).toEqual([
      ['faulted', 0],
      ['faulted', 3],
    ]);
    expect(out.status).toBe('completed');
  });

  test('a choice with a repeated label name faults the receiver with the structural precheck', () => {
    const g = {
      kind: 'comm',
      sender: 'A',
      receiver: 'B',
      branches: [
        { label: unit('x'), continuation: end },
        { label: { name: 'x', sort: 'nat' }, continuation: end },
      ],
    };
    const out = output(request([{ global_type: g, roles: ['A', 'B'] }]));
    expect(out.trace.find((e) => e.kind === 'faulted')).toMatchObject({
      target: '1',
      reason: 'spec_fault:[monitor] structural precheck failed',
    });
    expect(out.status).toBe('completed');
  });
});

describe('runReference — hard failures (bridge.md §1, machine.md §9.5)', () => {
  const ab = comm('A', 'B', ['m', end]);

  test('follows the precedence choreographies → concurrency → max_steps', () => {
    expect(failure({})).toEqual({
      code: 'ParseError',
      path: '$.choreographies',
      message: 'missing choreographies: property not found: choreographies',
    });
    expect(failure({ choreographies: {}, concurrency: 'x' })).toMatchObject({
      path: '$.choreographies',
      message: 'missing choreographies: array expected',
    });
    expect(failure({ choreographies: [], concurrency: -1 })).toMatchObject({
      path: '$.concurrency',
      message: expect.stringMatching(/^missing concurrency: /),
    });
    expect(failure({ choreographies: [], concurrency: 1, max_steps: 1.5 })).toMatchObject({
      path: '$.max_steps',
      message: expect.stringMatching(/^missing max_steps: /),
    });
    expect(failure({ choreographies: [{ global_type: { kind: 'bogus' }, roles: [] }], concurrency: 1 })).toMatchObject({
      path: '$.max_steps',
    });
  });

  test('reports a bad choreography (decode, then roles) at its index', () => {
    const bad = failure(
      request([
        { global_type: ab, roles: ['A', 'B'] },
        { global_type: { kind: 'bogus' }, roles: ['A'] },
      ]),
    );
    expect(bad).toMatchObject({ code: 'ParseError', path: '$.choreographies[1]' });
    expect(bad.message).toMatch(/^bad choreography: /);
    expect(failure(request([{ global_type: ab, roles: ['A', 3 as unknown as string] }]))).toMatchObject({
      code: 'ParseError',
      path: '$.choreographies[0]',
      message: expect.stringMatching(/^bad choreography: /),
    });
    // A missing sort is a decode error for the Lean decoder.
    expect(
      failure(
        request([
          {
            global_type: {
              kind: 'comm',
              sender: 'A',
              receiver: 'B',
              branches: [{ label: { name: 'm' }, continuation: end }],
            },
            roles: ['A'],
          },
        ]),
      ).message,
    ).toMatch(/^bad choreography: /);
  });

  test('rejects a duplicated role before any projection check', () => {
    expect(failure(request([{ global_type: ab, roles: ['A', 'A'] }]))).toEqual({
      code: 'validation_failed',
      path: '$.choreographies[0]',
      message: 'bad choreography image: duplicate entry-point role',
    });
  });

  test('rejects the first role (code-point order) that the checked projection refuses', () => {
    const loop = { kind: 'rec', var: 't', body: comm('A', 'B', ['more', { kind: 'var', name: 't' }], ['stop', end]) };
    expect(failure(request([{ global_type: loop, roles: ['Z', 'Y', 'A', 'B'] }]))).toEqual({
      code: 'validation_failed',
      path: '$.choreographies[0]',
      message: 'bad choreography image: projection mismatch for role Y',
    });
    // A bystander that is not listed is neither projected nor checked.
    expect(output(request([{ global_type: loop, roles: ['A', 'B'] }], 5)).status).toBe('stuck');
  });

  test('enforces the 256-session and 1024-coroutine loader limits', () => {
    const many = Array.from({ length: 257 }, () => ({ global_type: end, roles: [] as string[] }));
    expect(failure(request(many))).toEqual({
      code: 'too_many_sessions',
      path: '$.choreographies[256]',
      message: 'too many sessions while loading choreographies: 256',
    });
    expect(output(request(many.slice(0, 256), 1)).sessions).toHaveLength(256);
    const roles = Array.from({ length: 600 }, (_, i) => `R${i}`);
    expect(
      failure(
        request([
          { global_type: end, roles },
          { global_type: end, roles },
        ]),
      ),
    ).toEqual({
      code: 'too_many_coroutines',
      path: '$.choreographies[1]',
      message: 'too many coroutines while loading choreographies: 1024',
    });
  });

  test('opens a thousand listed roles in code-point order, as the cooperative engine does', () => {
    // Astral names sort after U+E000–U+FFFF by code point, before them by UTF-16 unit; the listing
    // is scrambled so that every insertion lands somewhere else.
    const names = Array.from({ length: 1000 }, (_, i) =>
      i % 3 === 0 ? `R${i}` : i % 3 === 1 ? `\u{1F600}${i}` : `\uFF01${i}`,
    );
    const listed = names.map((_, i) => names[(i * 7919) % names.length] as string);
    const sorted = [...listed].sort(compareCodePoints);
    const req = request([{ global_type: end, roles: listed }], 0);
    const opened = output(req).trace[0];
    expect(opened?.kind).toBe('opened');
    expect(opened?.role).toBe(sorted.join(','));
    const coop = runCooperative(req as RunRequest, { stepStates: false });
    expect(coop.ok && coop.value.output.trace[0]?.role).toBe(sorted.join(','));
  });

  test('answers operation requests only through runReferenceOperation', () => {
    expect(failure({ operation: 'validateTrace' })).toMatchObject({ path: '$.operation' });
  });
});

describe('handleReferenceInput — routing and hard-failure texts', () => {
  test('invalid or truncated JSON', () => {
    expect(handleReferenceInput('{"choreographies": [')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^invalid JSON: /),
    });
    expect(handleReferenceInput('')).toMatchObject({ ok: false, message: expect.stringMatching(/^invalid JSON: /) });
  });

  test('a non-string operation means run mode', () => {
    expect(handleReferenceInput('{"operation":1,"choreographies":[],"concurrency":1,"max_steps":1}')).toMatchObject({
      ok: true,
    });
  });

  test('an unknown operation is a hard failure; other keys are ignored in operation mode', () => {
    expect(handleReferenceInput('{"operation":"verifyProtocolBundle","payload":{}}')).toEqual({
      ok: false,
      message: 'unsupported operation: verifyProtocolBundle',
    });
    expect(
      handleReferenceInput(
        '{"operation":"validateTrace","schema_version":"x","payload":{"choreographies":[],"trace":[]}}',
      ),
    ).toEqual({ ok: true, line: '{"errors":[],"valid":true}' });
  });
});
