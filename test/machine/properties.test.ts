import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { machineFromRunRequest } from '../../src/machine/loadRunRequest.js';
import type { Machine } from '../../src/machine/Machine.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import type { ExecStatus, MachineConfig } from '../../src/types/machine.js';
import type { GlobalType } from '../../src/types/session.js';
import { END, comm, gvar, msg, rec, request } from './_helpers.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(20261125);

const protocols: readonly (readonly [GlobalType, readonly string[]])[] = [
  [msg('A', 'B', 'ping', msg('B', 'A', 'pong')), ['A', 'B']],
  [rec('t', msg('A', 'B', 'ping', msg('B', 'A', 'pong', gvar('t')))), ['A', 'B']],
  [
    comm('A', 'B', [
      ['yes', msg('B', 'C', 'go')],
      ['no', msg('B', 'C', 'go')],
    ]),
    ['A', 'B', 'C'],
  ],
  [msg('A', 'B', 'x', msg('A', 'C', 'y', msg('C', 'B', 'z'))), ['C', 'A', 'B']],
  [
    rec(
      't',
      comm('A', 'B', [
        ['more', msg('B', 'A', 'ack', gvar('t'))],
        ['stop', END],
      ]),
    ),
    ['A', 'B'],
  ],
  [msg('A', 'B', 'm'), ['B']],
];

const arbCase = fc.record({
  picks: fc.array(fc.nat({ max: protocols.length - 1 }), { minLength: 1, maxLength: 4 }),
  maxSteps: fc.nat({ max: 80 }),
  schedule: fc.array(fc.nat({ max: 7 }), { maxLength: 40 }),
  capacity: fc.integer({ min: 1, max: 3 }),
});

describe(`cooperative run invariants (fast-check seed ${SEED})`, () => {
  test('steps, step states, ticks, determinism and the trace-off fast path agree', () => {
    fc.assert(
      fc.property(arbCase, ({ picks, maxSteps, schedule, capacity }) => {
        const req = request(
          picks.map((i) => protocols[i]!),
          maxSteps,
        );
        const options = {
          schedule,
          config: {
            bufferConfig: { mode: 'fifo' as const, initialCapacity: capacity, policy: { kind: 'block' as const } },
          },
        };
        const r = runCooperative(req, options);
        if (!r.ok) throw new Error(r.error.message);
        const { output, diagnostics } = r.value;
        expect(output.steps_executed).toBeLessThanOrEqual(maxSteps);
        expect(output.step_states).toHaveLength(output.steps_executed);
        output.step_states.forEach((s, i) => {
          expect(s.step_index).toBe(i);
          expect(s.pre_state.scheduler.step_count).toBe(i);
          expect(s.post_state.scheduler.step_count).toBe(i + 1);
          expect(s.ready_queue).toEqual(s.post_state.scheduler.ready_queue);
          // A coroutine that blocked or ended leaves the queue; any other goes to its back.
          const left = s.exec_status === 'blocked' || s.exec_status === 'halted' || s.exec_status === 'faulted';
          expect(left ? s.ready_queue.includes(s.selected_coro) : s.ready_queue.at(-1) === s.selected_coro).toBe(!left);
          expect(s.event?.tick ?? i + 1).toBe(i + 1);
        });
        const ticks = output.trace.map((e) => e.tick);
        expect([...ticks].sort((a, b) => a - b)).toEqual(ticks);
        const last = output.step_states.at(-1);
        const allTerminal =
          last !== undefined
            ? last.post_state.coroutines.every((c) => c.status === 'done' || c.status === 'faulted')
            : req.choreographies.every((c) => c.roles.length === 0);
        expect(output.status).toBe(allTerminal ? 'completed' : 'stuck');
        // Deterministic, and the fast path computes the same run.
        expect(runCooperative(req, options)).toEqual(r);
        const fast = runCooperative(req, { ...options, trace: false });
        expect(
          fast.ok && [fast.value.output.steps_executed, fast.value.output.status, fast.value.diagnostics?.final_tick],
        ).toEqual([output.steps_executed, output.status, diagnostics?.final_tick]);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe(`Machine.runRounds and stepStatus (fast-check seed ${SEED})`, () => {
  // The trace-off loop of runCooperative: it must leave the machine exactly as the stepped loop does,
  // under the configs that take the edge checks' other branches (tokens, full buffers, drops).
  const arbConfig = fc.record({
    capacity: fc.integer({ min: 1, max: 3 }),
    policy: fc.constantFrom('block' as const, 'drop' as const, 'error' as const),
    tokens: fc.constantFrom('carry' as const, 'consume' as const),
  });
  const stepped = (m: Machine, maxSteps: number, bare = false): ExecStatus[] => {
    const statuses: ExecStatus[] = [];
    const start = m.stepCount;
    while (m.stepCount - start < maxSteps) {
      m.beginRound();
      const cid = m.pick();
      if (cid === undefined) break;
      statuses.push(bare ? m.stepStatus(cid) : m.step(cid).status);
      if (m.allTerminal()) break;
    }
    return statuses;
  };
  const load = (req: ReturnType<typeof request>, config: Partial<MachineConfig>): Machine => {
    const loaded = machineFromRunRequest(req, config, { trace: false });
    if (!loaded.ok) throw new Error(loaded.error.message);
    return loaded.value.machine;
  };

  test('leaves the machine as beginRound, pick, step and allTerminal called one by one do', () => {
    fc.assert(
      fc.property(arbCase, arbConfig, ({ picks, maxSteps }, { capacity, policy, tokens }) => {
        const req = request(
          picks.map((i) => protocols[i]!),
          maxSteps,
        );
        const config: Partial<MachineConfig> = {
          bufferConfig: { mode: 'fifo', initialCapacity: capacity, policy: { kind: policy } },
          progressTokenPolicy: tokens,
        };
        const fast = load(req, config);
        const slow = load(req, config);
        const bare = load(req, config);
        fast.runRounds(maxSteps);
        const statuses = stepped(slow, maxSteps);
        // stepStatus: the same step as step(), answering the status only.
        expect(stepped(bare, maxSteps, true)).toEqual(statuses);
        for (const m of [fast, bare])
          expect([m.stepCount, m.slice(), m.faults, m.diagnostics('cooperative')]).toEqual([
            slow.stepCount,
            slow.slice(),
            slow.faults,
            slow.diagnostics('cooperative'),
          ]);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
