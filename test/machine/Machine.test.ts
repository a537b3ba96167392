import { describe, expect, test } from 'vitest';
import { Machine } from '../../src/machine/Machine.js';
import { codeImageFromLocalTypes } from '../../src/machine/codeImage.js';
import { toBridgeTrace } from '../../src/machine/toBridgeTrace.js';
import { projectCore } from '../../src/projection/projectCore.js';
import type { GlobalType } from '../../src/types/session.js';
import { comm, msg } from './_helpers.js';

function machineFor(gs: readonly GlobalType[], roles: readonly string[]): Machine {
  const created = Machine.create({});
  if (!created.ok) throw new Error(created.error.message);
  const m = created.value;
  for (const g of gs) {
    const r = m.loadImage(
      codeImageFromLocalTypes(
        roles.map((role) => [role, projectCore(g, role)] as const),
        g,
      ),
    );
    if (!r.ok) throw new Error(r.error.message);
  }
  return m;
}

describe('driving the machine core (docs/machine.md)', () => {
  test('beginRound / pick / step / stepState reproduce a cooperative round by hand', () => {
    const m = machineFor([msg('A', 'B', 'm')], ['A', 'B']);
    m.beginRound();
    const pre = m.slice();
    expect(m.candidates()).toEqual([0, 1]);
    const cid = m.pick();
    expect([cid, m.stepCount, m.readyQueue]).toEqual([0, 1, [1]]);
    const out = m.step(0);
    expect(out).toEqual({ coroId: 0, status: { kind: 'continue' }, eventStart: 1 });
    expect(m.trace.slice(out.eventStart).map((e) => e.kind)).toEqual(['offered']);
    const st = m.stepState(0, pre, out);
    expect([st.selected_coro, st.selected_pc, st.exec_status, st.event?.kind, st.ready_queue]).toEqual([
      0,
      1,
      'continue',
      'sent',
      [1, 0],
    ]);
    expect(st.pre_state.scheduler.step_count).toBe(0);
    expect(st.post_state.scheduler.step_count).toBe(1);
  });

  test('a wave-style round: remove members, count them, step each (machine.md §11.5)', () => {
    const g = msg('A', 'B', 'm');
    const m = machineFor([g, g], ['A', 'B']); // coroutines 0,1 in session 0; 2,3 in session 1
    m.beginRound();
    const wave = [0, 2];
    m.beginWaves([wave]);
    for (const id of wave) if (m.isRunnable(id)) m.step(id);
    expect(m.readyQueue).toEqual([1, 3, 0, 2]);
    expect(m.stepCount).toBe(2);
    expect(toBridgeTrace(m.trace).map((e) => `${e.kind}@${e.tick}:${e.session}`)).toEqual([
      'opened@0:0',
      'opened@0:1',
      'sent@1:0',
      'sent@1:1',
    ]);
  });

  test('footprints: owned endpoint roles plus the footprint summary (machine.md §11.3)', () => {
    const g = comm('A', 'B', [['x', msg('A', 'C', 'y')]]);
    const m = machineFor([g], ['A', 'B', 'C']);
    expect(m.footprint(0)).toEqual(['0\u0000A', '0\u0000B', '0\u0000C']);
    expect(m.footprint(1)).toEqual(['0\u0000B', '0\u0000A']);
    expect(m.footprint(99)).toEqual([]);
  });

  test('blocked map and wake-ups: stepping a blocked receiver directly keeps one entry; beginRound wakes it', () => {
    const m = machineFor([msg('A', 'B', 'm')], ['B', 'A']);
    m.beginRound();
    m.beginWaves([[1]]);
    expect(m.step(1).status.kind).toBe('blocked');
    expect([...m.blocked.keys()]).toEqual([1]);
    // A driver may retry it while blocked: still one entry, still waiting.
    expect(m.step(1).status.kind).toBe('blocked');
    expect([m.blocked.size, m.blocked.get(1)?.kind, m.coroutines[1]?.waitBuffer?.edge]).toEqual([
      1,
      'recv_wait',
      { sid: 0, sender: 'A', receiver: 'B' },
    ]);
    m.beginRound();
    m.step(m.pick() as number); // A offers
    m.beginRound(); // B is woken: ready again, appended to the queue
    expect([m.blocked.size, m.coroutines[1]?.status.kind, m.readyQueue]).toEqual([0, 'ready', [0, 1]]);
    expect([...m.blocked]).toEqual([]);
  });

  test('diagnostics: machine_trace is a plain enumerable array for JSON and equality', () => {
    const m = machineFor([msg('A', 'B', 'm')], ['A', 'B']);
    const d = m.diagnostics('cooperative');
    expect(JSON.parse(JSON.stringify(d)).machine_trace).toEqual([
      { schema_version: 'lean_bridge.v1', kind: 'opened', tick: 0, session: 0, role: 'A,B', roles: ['A', 'B'] },
    ]);
    expect({ ...d }.machine_trace).toHaveLength(1);
    expect(d).toEqual({ ...d });
  });
});
