/**
 * telltale's instruction-level Rust fixtures reproduced through the independent image executor
 * (fixture values only): `instr_fault_snapshots.rs` (every entry), `register_bounds.rs`, the
 * speculation fixture of `parity_fixtures_v2.rs` and the topology fixtures of
 * `topology_effect_ingress.rs`. Where the Lean semantics agree with Rust the Rust expectation is
 * asserted; where they do not, the test asserts the Lean outcome and names the deviation
 * (machine.md §16, docs/machine.md "Deviations MD-38 onwards").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checkDeviations } from '../../src/trace/checkDeviations.js';
import type { Fault, Instruction } from '../../src/types/machine.js';
import type { TopologyPerturbation } from '../../src/types/machineTier2.js';
import {
  END_L,
  HALT,
  firstFault,
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

/** telltale's `fault_name` for our fault kinds (Rust's extra kinds never occur here). */
const faultName = (f: Fault | undefined): string => f?.kind ?? 'none';

describe('instr_fault_snapshots.rs: every entry', () => {
  test('send/type_mismatch: Rust type_violation; Lean monitor spec_fault (MD-15)', () => {
    // A holds a recv type and executes Send: Lean's monitor rejects the direction first.
    const image = rustImage(
      { A: [{ op: 'Send', chan: 0, val: 1 }], B: [HALT] },
      { A: lmsg('recv', 'B', ['m']), B: lmsg('send', 'A', ['m']) },
      gmsg('B', 'A', ['m']),
    );
    expect(firstFault(image, { maxSteps: 8 })).toEqual({ kind: 'spec_fault', msg: '[monitor] expected Send state' });
    // With the monitor off the instruction's own check speaks: still no type_violation (MD-39).
    expect(firstFault(image, { maxSteps: 8, config: { monitorMode: 'off' } })).toEqual({
      kind: 'spec_fault',
      msg: 'send not permitted',
    });
  });

  test('close/non_endpoint: type_violation (agrees)', () => {
    const f = firstFault(
      singleRole([
        { op: 'Set', dst: 0, val: nat(1) },
        { op: 'Close', session: 0 },
      ]),
      { maxSteps: 8 },
    );
    expect(faultName(f)).toBe('type_violation');
    expect(f).toEqual({
      kind: 'type_violation',
      expected: { kind: 'chan', sid: 0, role: '' },
      actual: { kind: 'nat' },
    });
  });

  test('transfer/non_nat_target: transfer_fault (agrees)', () => {
    const image = singleRole([
      { op: 'Set', dst: 1, val: str('x') },
      { op: 'Transfer', endpoint: 0, target: 1, bundle: 0 },
    ]);
    expect(firstFault(image, { maxSteps: 8 })).toEqual({ kind: 'transfer_fault', msg: 'bad transfer target' });
  });

  test('check/malformed_knowledge: Rust transfer_fault; Lean type_violation of the fact register (MD-38)', () => {
    const image = singleRole([
      { op: 'Set', dst: 1, val: nat(1) },
      { op: 'Set', dst: 2, val: str('Observer') },
      { op: 'Check', knowledge: 1, target: 2, dst: 3 },
    ]);
    expect(firstFault(image, { maxSteps: 8 })).toEqual({
      kind: 'type_violation',
      expected: { kind: 'prod', left: { kind: 'chan', sid: 0, role: '' }, right: { kind: 'string' } },
      actual: { kind: 'nat' },
    });
  });

  test('fork/non_nat_ghost (speculation enabled): type_violation (agrees)', () => {
    const image = singleRole([
      { op: 'Set', dst: 1, val: str('ghost') },
      { op: 'Fork', ghost: 1 },
    ]);
    expect(firstFault(image, { maxSteps: 8, config: { speculationEnabled: true } })).toEqual({
      kind: 'type_violation',
      expected: { kind: 'nat' },
      actual: { kind: 'string' },
    });
  });

  test('fork/speculation_disabled: spec_fault (agrees)', () => {
    const image = singleRole([
      { op: 'Set', dst: 1, val: nat(1) },
      { op: 'Fork', ghost: 1 },
    ]);
    expect(firstFault(image, { maxSteps: 8 })).toEqual({ kind: 'spec_fault', msg: 'speculation is disabled' });
  });

  test('join/without_speculation and abort/without_speculation: spec_fault (agree)', () => {
    expect(firstFault(singleRole([{ op: 'Join' }]), { maxSteps: 8 })).toEqual({
      kind: 'spec_fault',
      msg: 'join requires active speculation',
    });
    expect(firstFault(singleRole([{ op: 'Abort' }]), { maxSteps: 8 })).toEqual({
      kind: 'spec_fault',
      msg: 'abort requires active speculation',
    });
  });

  test('choose/unknown_label: unknown_label (agrees)', () => {
    const image = rustImage(
      {
        A: [{ op: 'Offer', chan: 0, label: 'yes' }, HALT],
        B: [{ op: 'Choose', chan: 0, table: [['no', 1]] }, HALT],
      },
      { A: lmsg('send', 'B', ['yes', 'no']), B: lmsg('recv', 'A', ['yes', 'no']) },
      gmsg('A', 'B', ['yes', 'no']),
    );
    expect(firstFault(image, { maxSteps: 16 })).toEqual({ kind: 'unknown_label', label: 'yes' });
  });

  test('snapshot_fault_api_shape: Close of an owned endpoint runs; a fault is data, the run goes on', () => {
    const r = run(singleRole([{ op: 'Close', session: 0 }]), { maxSteps: 8 });
    // Lean closes the session (no fault); the coroutine then runs off the end of its code.
    expect(r.diagnostics.faults).toEqual([{ coro_id: 0, fault: { kind: 'close_fault', msg: 'pc out of range' } }]);
    expect(traceKinds(r)).toContain('1 epoch_advanced');
  });
});

describe('register_bounds.rs', () => {
  test('Move from registers 16..271 faults out_of_registers (8 registers here, MD-05)', () => {
    for (const offset of [0, 1, 7, 100, 255]) {
      const image = singleRole([{ op: 'Move', dst: 1, src: 16 + offset }, HALT]);
      expect(firstFault(image, { maxSteps: 8 })).toEqual({ kind: 'out_of_registers' });
    }
  });

  test("Receive into registers 16..271: with the fixture's unannotated types Lean never reaches the register (MD-39)", () => {
    const image = rustImage(
      { A: [{ op: 'Send', chan: 0, val: 1 }, HALT], B: [{ op: 'Receive', chan: 0, dst: 16 }, HALT] },
      { A: lmsg('send', 'B', ['m']), B: lmsg('recv', 'A', ['m']) },
      gmsg('A', 'B', ['m']),
    );
    const faults = run(image, { maxSteps: 16 }).diagnostics.faults.map((f) => f.fault);
    expect(faults).toEqual([
      { kind: 'spec_fault', msg: 'send not permitted' },
      { kind: 'spec_fault', msg: 'recv not permitted' },
    ]);
  });

  test('Receive into registers 16..271 with typed (annotated) session types: out_of_registers (agrees)', () => {
    for (const dst of [16, 17, 271]) {
      const send: Instruction[] = [{ op: 'Set', dst: 1, val: nat(5) }, { op: 'Send', chan: 0, val: 1 }, HALT];
      const image = withSessionTypes(
        rustImage(
          { A: send, B: [{ op: 'Receive', chan: 0, dst }, HALT] },
          { A: lmsg('send', 'B', ['m']), B: lmsg('recv', 'A', ['m']) },
          gmsg('A', 'B', ['m']),
        ),
        { A: lmsg('send', 'B', ['m'], END_L, { kind: 'nat' }), B: lmsg('recv', 'A', ['m'], END_L, { kind: 'nat' }) },
      );
      expect(firstFault(image, { maxSteps: 16 })).toEqual({ kind: 'out_of_registers' });
    }
  });
});

describe('parity_fixtures_v2.rs: speculation fixture', () => {
  const bootstrap = rustImage(
    {
      X: [{ op: 'Offer', chan: 0, label: 'bootstrap' }, HALT],
      Y: [{ op: 'Choose', chan: 0, table: [['bootstrap', 1]] }, HALT],
    },
    { X: lmsg('send', 'Y', ['bootstrap']), Y: lmsg('recv', 'X', ['bootstrap']) },
    gmsg('X', 'Y', ['bootstrap']),
  );
  const fixture = singleRole([
    { op: 'Set', dst: 1, val: nat(7) },
    { op: 'Fork', ghost: 1 },
    { op: 'Join' },
    { op: 'Fork', ghost: 1 },
    { op: 'Abort' },
    HALT,
  ]);

  test('Lean: forked/joined/aborted carry the ghost id (MD-40); Abort rolls back the second forked (MD-41)', () => {
    const r = run([bootstrap, fixture], { maxSteps: 64, config: { speculationEnabled: true } });
    const spec = r.diagnostics.machine_trace
      .map((e) => e as { kind: string; session?: number; ghost?: number })
      .filter((e) => e.kind === 'forked' || e.kind === 'joined' || e.kind === 'aborted')
      .map((e) => [e.kind, e.session, e.ghost ?? null]);
    // Rust: [forked 1 7, joined 1, forked 1 7, aborted 1] with the fixture image's session 1.
    expect(spec).toEqual([
      ['forked', 7, 7],
      ['joined', 7, null],
      ['aborted', 7, null],
    ]);
    expect(r.diagnostics.faults).toEqual([]);
    expect(r.output.step_states.map((s) => s.exec_status)).toContain('forked');
  });
});

describe('topology_effect_ingress.rs (the failure model of Runtime/Failure/*.lean)', () => {
  const simple = rustImage(
    {
      A: [{ op: 'Offer', chan: 0, label: 'm' }, { op: 'Invoke', action: 'runtime.step' }, HALT],
      B: [{ op: 'Choose', chan: 0, table: [['m', 1]] }, { op: 'Invoke', action: 'runtime.step' }, HALT],
    },
    { A: lmsg('send', 'B', ['m']), B: lmsg('recv', 'A', ['m']) },
    gmsg('A', 'B', ['m']),
  );
  const both = [
    { sid: 0, sender: 'A', receiver: 'B' },
    { sid: 0, sender: 'B', receiver: 'A' },
  ];

  test("perturbations of a tick apply before that tick's instruction (crash A, partition A↔B)", () => {
    const perturbations: TopologyPerturbation[] = [
      { tick: 1, failure: { kind: 'crash', site: 'A' } },
      { tick: 1, failure: { kind: 'partition', edges: both } },
    ];
    const r = run(simple, { maxSteps: 1, config: { topologyPerturbations: perturbations } });
    expect(r.diagnostics.failure_visible.crashed_sites).toEqual(['A']);
    expect(r.diagnostics.failure_visible.partitioned_edges).toContainEqual(['A', 'B']);
    // The first step already sees the partition: A's Offer blocks instead of sending.
    expect(r.output.step_states[0]?.exec_status).toBe('blocked');
  });

  test('crash, partition, heal, timeout in one tick: applied in order; the timeout is issued', () => {
    const perturbations: TopologyPerturbation[] = [
      { tick: 1, failure: { kind: 'crash', site: 'A' } },
      { tick: 1, failure: { kind: 'partition', edges: both } },
      { tick: 1, failure: { kind: 'heal', edges: both } },
      // Rust's Timeout{site B, 5 ms} at 1 ms per tick: until tick 1 + 5.
      { tick: 1, failure: { kind: 'timeout', edge: { sid: 0, sender: 'A', receiver: 'B' }, deadline: 6 } },
    ];
    const r = run(simple, { maxSteps: 1, config: { topologyPerturbations: perturbations } });
    expect(r.diagnostics.failure_visible).toEqual({
      crashed_sites: ['A'],
      partitioned_edges: [],
      corrupted_edges: [],
      timed_out_sites: [['B', 6]],
    });
    expect(r.diagnostics.machine_trace[1]).toMatchObject({
      kind: 'timeout_issued',
      tick: 1,
      site: 'B',
      until_tick: 6,
      witness_id: 0,
    });
  });

  test('crash + partition + corrupt + timeout: the failure-visible lists fill; Lean faults nobody (MD-42)', () => {
    const perturbations: TopologyPerturbation[] = [
      { tick: 1, failure: { kind: 'crash', site: 'A' } },
      { tick: 1, failure: { kind: 'partition', edges: both } },
      { tick: 1, failure: { kind: 'corrupt', edge: { sid: 0, sender: 'A', receiver: 'B' }, seqNo: 0 } },
      { tick: 1, failure: { kind: 'timeout', edge: { sid: 0, sender: 'A', receiver: 'B' }, deadline: 6 } },
    ];
    const r = run(simple, { maxSteps: 64, config: { topologyPerturbations: perturbations } });
    const fv = r.diagnostics.failure_visible;
    expect(fv.crashed_sites).toEqual(['A']);
    expect(fv.corrupted_edges).toEqual([[['A', 'B'], 0]]);
    expect(fv.timed_out_sites).not.toEqual([]);
    // Rust faults A's coroutine on the crash; in Lean a crash only bites a communication over the
    // crashed edge, and here the partition blocks both roles first.
    expect(r.diagnostics.faults).toEqual([]);
    expect(r.output.status).toBe('stuck');
  });

  test('partition then heal: no faults, no partitions left (the blocked sender stays blocked, MD-13)', () => {
    const perturbations: TopologyPerturbation[] = [
      { tick: 1, failure: { kind: 'partition', edges: both } },
      { tick: 2, failure: { kind: 'heal', edges: both } },
    ];
    const r = run(simple, { maxSteps: 32, config: { topologyPerturbations: perturbations } });
    expect(r.diagnostics.faults).toEqual([]);
    expect(r.diagnostics.failure_visible.partitioned_edges).toEqual([]);
  });

  test('a crash faults the next communication over the crashed edge: spec_fault "edge crashed"', () => {
    const r = run(simple, {
      maxSteps: 8,
      config: { topologyPerturbations: [{ tick: 1, failure: { kind: 'crash', site: 'B' } }] },
    });
    expect(r.diagnostics.faults[0]).toEqual({ coro_id: 0, fault: { kind: 'spec_fault', msg: 'edge crashed' } });
  });
});

describe('the deviation registry of these fixtures', () => {
  test('docs/machine-deviations.json is a valid registry and docs/machine.md explains every entry', () => {
    const registry: unknown = JSON.parse(
      readFileSync(new URL('../../docs/machine-deviations.json', import.meta.url), 'utf8'),
    );
    const check = checkDeviations(registry, { today: '2026-01-01' });
    expect(check.problems).toEqual([]);
    const doc = readFileSync(new URL('../../docs/machine.md', import.meta.url), 'utf8');
    const ids = check.entries.map((e) => e.id);
    expect(ids).toEqual(['MD-38', 'MD-39', 'MD-40', 'MD-41', 'MD-42', 'MD-43', 'MD-44', 'MD-45', 'MD-46', 'MD-47']);
    for (const id of ids) expect(doc).toContain(`| ${id} |`);
  });
});
