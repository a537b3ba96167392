/**
 * The Tier-2 instructions and surfaces through the independent image executor, each against the
 * Lean file it follows: guard layers (ExecGuardEffect), speculation (ExecSpeculation), ownership
 * and knowledge (ExecOwnership), sessions (ExecSession.Open), topology perturbations
 * (Runtime/Failure), progress tokens, per-edge buffer configurations.
 */
import { describe, expect, test } from 'vitest';
import type { Instruction, Value } from '../../src/types/machine.js';
import type { FlowPolicy } from '../../src/types/machineTier2.js';
import { HALT, OPEN_PQ, gmsg, lmsg, nat, run, rustImage, singleRole, str, traceKinds } from './_images.js';

const chan = (sid: number, role: string): Value => ({ kind: 'chan', endpoint: { sid, role } });
const fact = (role: string, s: string): Value => ({ kind: 'prod', left: chan(0, role), right: str(s) });
const kinds = (r: ReturnType<typeof run>) => r.diagnostics.machine_trace.map((e) => (e as { kind: string }).kind);

describe('guard layers: Acquire / Release', () => {
  const prog: Instruction[] = [{ op: 'Acquire', layer: 'g', dst: 2 }, { op: 'Release', layer: 'g', evidence: 2 }, HALT];

  test('an active layer grants unit evidence; acquired and released name the layer and the primary endpoint', () => {
    const r = run(singleRole(prog), { config: { guardLayers: ['g'] } });
    expect(r.diagnostics.faults).toEqual([]);
    expect(r.diagnostics.machine_trace.slice(1, 3)).toEqual([
      { schema_version: 'lean_bridge.v1', kind: 'acquired', tick: 1, session: 0, role: 'A', layer: 'g' },
      { schema_version: 'lean_bridge.v1', kind: 'released', tick: 2, session: 0, role: 'A', layer: 'g' },
    ]);
    // Tier-2 events pass through to the bridge form; a step's own event stays null for them.
    expect(r.output.trace.map((e) => e.kind)).toEqual(['opened', 'acquired', 'released', 'halted']);
    expect(r.output.step_states[0]?.event).toBeNull();
  });

  test('inactive → acquire_fault("guard-layer", "inactive layer"); unknown → "unknown layer" (MD-44)', () => {
    expect(
      run(singleRole(prog), { config: { guardLayers: [{ id: 'g', active: false }] } }).diagnostics.faults[0]?.fault,
    ).toEqual({
      kind: 'acquire_fault',
      layer: 'guard-layer',
      msg: 'inactive layer',
    });
    expect(run(singleRole(prog)).diagnostics.faults[0]?.fault).toEqual({
      kind: 'acquire_fault',
      layer: 'guard-layer',
      msg: 'unknown layer',
    });
  });

  test('a denying layer blocks the coroutine on acquire_denied (never woken)', () => {
    const r = run(singleRole(prog), { config: { guardLayers: [{ id: 'g', active: true, denied: true }] } });
    expect(r.output.step_states[0]).toMatchObject({ exec_status: 'blocked', blocked: { '0': 'acquire_denied' } });
    expect(r.output.status).toBe('stuck');
  });

  test('Release of evidence that is not unit: "bad evidence"; of a missing register: out_of_registers', () => {
    const bad = singleRole([
      { op: 'Set', dst: 2, val: nat(1) },
      { op: 'Release', layer: 'g', evidence: 2 },
    ]);
    expect(run(bad, { config: { guardLayers: ['g'] } }).diagnostics.faults[0]?.fault).toEqual({
      kind: 'acquire_fault',
      layer: 'guard-layer',
      msg: 'bad evidence',
    });
    const missing = singleRole([{ op: 'Release', layer: 'g', evidence: 40 }]);
    expect(run(missing, { config: { guardLayers: ['g'] } }).diagnostics.faults[0]?.fault).toEqual({
      kind: 'out_of_registers',
    });
  });
});

describe('speculation: Fork / Join / Abort', () => {
  test('the depth limit: max_speculation_depth nested Forks succeed, the next faults', () => {
    const forks = (n: number): Instruction[] => [
      { op: 'Set', dst: 1, val: nat(3) },
      ...Array.from({ length: n }, (): Instruction => ({ op: 'Fork', ghost: 1 })),
      HALT,
    ];
    expect(
      run(singleRole(forks(2)), { config: { speculationEnabled: true, maxSpeculationDepth: 2 } }).diagnostics.faults,
    ).toEqual([]);
    expect(
      run(singleRole(forks(3)), { config: { speculationEnabled: true, maxSpeculationDepth: 2 } }).diagnostics.faults[0]
        ?.fault,
    ).toEqual({
      kind: 'spec_fault',
      msg: 'speculation depth exhausted',
    });
    expect(
      run(singleRole(forks(1)), { config: { speculationEnabled: true, maxSpeculationDepth: 0 } }).diagnostics.faults[0]
        ?.fault,
    ).toEqual({
      kind: 'spec_fault',
      msg: 'speculation depth exhausted',
    });
  });

  test('Join fails when the real session moved on since the Fork (reconciliation predicate)', () => {
    // Role A forks on its own session 0, sends, then joins: the snapshot no longer matches.
    const image = rustImage(
      {
        A: [
          { op: 'Set', dst: 1, val: nat(0) },
          { op: 'Fork', ghost: 1 },
          { op: 'Offer', chan: 0, label: 'm' },
          { op: 'Join' },
          HALT,
        ],
        B: [HALT],
      },
      { A: lmsg('send', 'B', ['m']), B: lmsg('recv', 'A', ['m']) },
      gmsg('A', 'B', ['m']),
    );
    const r = run(image, { config: { speculationEnabled: true } });
    expect(r.diagnostics.faults[0]?.fault).toEqual({ kind: 'spec_fault', msg: 'join reconciliation predicate failed' });
  });

  test("Abort drops the instruction events recorded since the Fork (other coroutines' too), not lifecycle events", () => {
    const image = rustImage(
      {
        A: [
          { op: 'Set', dst: 1, val: nat(9) },
          { op: 'Fork', ghost: 1 },
          { op: 'Set', dst: 2, val: nat(0) },
          { op: 'Set', dst: 2, val: nat(0) },
          { op: 'Abort' },
          HALT,
        ],
        B: [{ op: 'Choose', chan: 0, table: [['m', 1]] }, HALT],
        C: [{ op: 'Offer', chan: 0, label: 'm' }, HALT],
      },
      {
        A: lmsg('send', 'B', ['x']),
        B: lmsg('recv', 'C', ['m'], lmsg('recv', 'A', ['x'])),
        C: lmsg('send', 'B', ['m']),
      },
      gmsg('C', 'B', ['m'], gmsg('A', 'B', ['x'])),
    );
    const r = run(image, { config: { speculationEnabled: true } });
    // C's offer (tick 3) precedes A's Fork (tick 4) and stays; B's choice (tick 5) and the forked
    // event are erased by the Abort; the halted lifecycle events all stay.
    expect(kinds(r)).toEqual(['opened', 'sent', 'halted', 'halted', 'aborted', 'halted']);
    expect(r.output.step_states.map((s) => s.exec_status)).toContain('aborted');
  });
});

describe('ownership and knowledge: Transfer / Tag / Check', () => {
  test('Transfer moves the endpoint (with its tokens and facts) to the target coroutine', () => {
    const image = rustImage(
      {
        A: [
          { op: 'Set', dst: 1, val: fact('A', 'k') },
          { op: 'Tag', fact: 1, dst: 3 },
          { op: 'Set', dst: 2, val: nat(1) },
          { op: 'Transfer', endpoint: 0, target: 2, bundle: 0 },
          HALT,
        ],
        B: [HALT],
      },
      { A: { kind: 'end' }, B: { kind: 'end' } },
      { kind: 'end' },
    );
    const r = run(image, { config: { initialProgressTokens: 1 } });
    expect(r.diagnostics.machine_trace.find((e) => (e as { kind: string }).kind === 'transferred')).toEqual({
      schema_version: 'lean_bridge.v1',
      kind: 'transferred',
      tick: 5,
      session: 0,
      role: 'A',
      from: 0,
      to: 1,
    });
    const step = r.output.step_states.find((s) => s.exec_status === 'transferred');
    // B halted before the transfer; it still receives the endpoint and A's token for it.
    expect(step?.post_state.coroutines.map((c) => [c.owned_endpoints, c.progress_tokens])).toEqual([
      [0, 0],
      [2, 2],
    ]);
    expect(r.diagnostics.ownership.index).toEqual([{ sid: 0, role: 'A', lane: 0 }]);
  });

  test('Transfer faults: not owned, missing target register, non-chan endpoint', () => {
    const ep = (prog: Instruction[]) => run(singleRole(prog)).diagnostics.faults[0]?.fault;
    expect(
      ep([
        { op: 'Set', dst: 1, val: chan(0, 'Z') },
        { op: 'Set', dst: 2, val: nat(0) },
        { op: 'Transfer', endpoint: 1, target: 2, bundle: 0 },
      ]),
    ).toEqual({
      kind: 'transfer_fault',
      msg: 'endpoint not owned',
    });
    expect(ep([{ op: 'Transfer', endpoint: 0, target: 30, bundle: 0 }])).toEqual({ kind: 'out_of_registers' });
    expect(ep([{ op: 'Transfer', endpoint: 1, target: 0, bundle: 0 }])).toEqual({
      kind: 'type_violation',
      expected: { kind: 'chan', sid: 0, role: '' },
      actual: { kind: 'unit' },
    });
  });

  const checkRun = (policy: FlowPolicy, target: string, tagged = true) =>
    run(
      singleRole([
        { op: 'Set', dst: 1, val: fact('A', 'secret-x') },
        ...(tagged ? [{ op: 'Tag', fact: 1, dst: 3 } as Instruction] : []),
        { op: 'Set', dst: 2, val: str(target) },
        { op: 'Check', knowledge: 1, target: 2, dst: 4 },
        HALT,
      ]),
      { config: { flowPolicy: policy } },
    ).diagnostics.machine_trace.find((e) => (e as { kind: string }).kind === 'checked');

  test('Check: permitted = the flow policy allows it ∧ the fact was tagged', () => {
    expect(checkRun('allow_all', 'B')).toMatchObject({ permitted: true });
    expect(checkRun('allow_all', 'B', false)).toMatchObject({ permitted: false });
    expect(checkRun('deny_all', 'B')).toMatchObject({ permitted: false });
    expect(checkRun({ kind: 'allow_roles', roles: ['B'] }, 'B')).toMatchObject({ permitted: true });
    expect(checkRun({ kind: 'deny_roles', roles: ['B'] }, 'B')).toMatchObject({ permitted: false });
    const pred: FlowPolicy = {
      kind: 'predicate',
      predicate: {
        kind: 'all',
        predicates: [
          { kind: 'target_role_prefix', prefix: 'Au' },
          { kind: 'fact_contains', fragment: 'secret' },
        ],
      },
    };
    expect(checkRun(pred, 'Auditor')).toMatchObject({ permitted: true });
    expect(checkRun(pred, 'B')).toMatchObject({ permitted: false });
    expect(checkRun({ kind: 'predicate', predicate: { kind: 'endpoint_role_matches_target' } }, 'A')).toMatchObject({
      permitted: true,
    });
  });

  test('Tag of a malformed fact: type_violation(prod(chan, string), actual)', () => {
    expect(run(singleRole([{ op: 'Tag', fact: 1, dst: 2 }])).diagnostics.faults[0]?.fault).toMatchObject({
      kind: 'type_violation',
      actual: { kind: 'unit' },
    });
  });
});

describe('Open', () => {
  test('opens a session, writes endpoints into registers, prepends them to the owned endpoints', () => {
    const r = run(
      singleRole([OPEN_PQ, { op: 'Offer', chan: 1, label: 'm' }, { op: 'Choose', chan: 2, table: [['m', 3]] }, HALT]),
    );
    expect(r.diagnostics.faults).toEqual([]);
    expect(r.output.trace.map((e) => `${e.kind} ${String(e.session ?? '')}`)).toEqual([
      'opened 0',
      'opened 1',
      'sent 1',
      'received 1',
      'halted ',
    ]);
    const missing = run(singleRole([{ ...OPEN_PQ, handlers: [] }]));
    expect(missing.diagnostics.faults[0]?.fault).toEqual({ kind: 'spec_fault', msg: 'handler bindings missing' });
    const misaligned = run(
      singleRole([
        {
          ...OPEN_PQ,
          dsts: [
            ['Q', 1],
            ['P', 2],
          ],
        },
      ]),
    );
    expect(misaligned.diagnostics.faults[0]?.fault).toEqual({ kind: 'close_fault', msg: 'open arity mismatch' });
  });
});

describe('topology perturbations', () => {
  const simple = rustImage(
    { A: [{ op: 'Offer', chan: 0, label: 'm' }, HALT], B: [{ op: 'Choose', chan: 0, table: [['m', 1]] }, HALT] },
    { A: lmsg('send', 'B', ['m']), B: lmsg('recv', 'A', ['m']) },
    gmsg('A', 'B', ['m']),
  );
  const ab = { sid: 0, sender: 'A', receiver: 'B' };

  test('a timeout past its deadline closes the session: timeout_issued, cancellation_requested, cancelled, session_terminal', () => {
    const r = run(simple, {
      config: { topologyPerturbations: [{ tick: 2, failure: { kind: 'timeout', edge: ab, deadline: 2 } }] },
    });
    expect(traceKinds(r).slice(2, 6)).toEqual([
      '2 timeout_issued',
      '2 cancellation_requested',
      '2 cancelled',
      '2 session_terminal',
    ]);
    expect(r.diagnostics.machine_trace[5]).toMatchObject({
      reason_kind: 'cancelled',
      reason: 'timeout sid=0 deadline=2',
    });
    expect(r.diagnostics.machine_trace[3]).toMatchObject({
      witness_id: 0,
      owner_id: 'B',
      reason: { kind: 'owner_died', owner_id: 'B' },
    });
    expect(r.output.sessions[0]?.terminal).toBe(true);
  });

  test('a timeout before its deadline only issues its witness (retry later)', () => {
    const r = run(simple, {
      config: { topologyPerturbations: [{ tick: 1, failure: { kind: 'timeout', edge: ab, deadline: 9 } }] },
    });
    expect(kinds(r)).not.toContain('session_terminal');
    expect(r.output.sessions[0]?.terminal).toBe(false);
  });

  test('corrupting an edge of a live session quarantines it (the receiver blocks)', () => {
    // The buffered message keeps waking the receiver, which blocks again on the quarantined edge.
    const r = run(simple, {
      maxSteps: 12,
      config: { topologyPerturbations: [{ tick: 2, failure: { kind: 'corrupt', edge: ab, seqNo: 0 } }] },
    });
    expect(r.diagnostics.failure_visible.partitioned_edges).toEqual([['A', 'B']]);
    expect(r.output.step_states[1]).toMatchObject({ exec_status: 'blocked', blocked: { '1': 'recv_wait' } });
  });
});

describe('progress tokens and per-edge buffers', () => {
  const twoReceives = rustImage(
    {
      A: [{ op: 'Offer', chan: 0, label: 'm' }, { op: 'Offer', chan: 0, label: 'm' }, HALT],
      B: [{ op: 'Choose', chan: 0, table: [['m', 1]] }, { op: 'Choose', chan: 0, table: [['m', 2]] }, HALT],
    },
    { A: lmsg('send', 'B', ['m'], lmsg('send', 'B', ['m'])), B: lmsg('recv', 'A', ['m'], lmsg('recv', 'A', ['m'])) },
    gmsg('A', 'B', ['m'], gmsg('A', 'B', ['m'])),
  );

  test('consume: each receive spends one token; without one, no_progress_token(edge)', () => {
    const r = run(twoReceives, { config: { initialProgressTokens: 1, progressTokenPolicy: 'consume' } });
    expect(r.diagnostics.faults).toEqual([
      { coro_id: 1, fault: { kind: 'no_progress_token', edge: { sid: 0, sender: 'A', receiver: 'B' } } },
    ]);
    expect(r.output.trace.find((e) => e.kind === 'faulted')?.reason).toBe('no_progress_token:A->B');
    expect(
      run(twoReceives, { config: { initialProgressTokens: 2, progressTokenPolicy: 'consume' } }).diagnostics.faults,
    ).toEqual([]);
    // carry (Lean): tokens are never spent.
    const carried = run(twoReceives, { config: { initialProgressTokens: 1 } });
    expect(carried.output.step_states.at(-1)?.post_state.coroutines.map((c) => c.progress_tokens)).toEqual([1, 1]);
  });

  test('progress_aware picks a token holder first', () => {
    const r = run(twoReceives, { config: { initialProgressTokens: 0, schedPolicy: { kind: 'progress_aware' } } });
    expect(r.output.step_states[0]?.selected_coro).toBe(0);
  });

  test('a per-edge buffer config overrides the default on its edge only', () => {
    const r = run(twoReceives, {
      schedule: [0, 1],
      config: {
        edgeBufferConfigs: [
          { sender: 'A', receiver: 'B', config: { mode: 'fifo', initialCapacity: 1, policy: { kind: 'drop' } } },
        ],
      },
    });
    expect(r.diagnostics.faults[0]?.fault).toEqual({ kind: 'flow_violation', msg: 'buffer drop' });
  });
});
