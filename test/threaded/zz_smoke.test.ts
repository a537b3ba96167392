import { expect, it } from 'vitest';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import { createThreadedPool } from '../../src/threaded/createThreadedPool.js';

const pp = (a: string, b: string) => ({ kind: 'rec', var: 't', body: { kind: 'comm', sender: a, receiver: b, branches: [{ label: { name: 'ping', sort: 'unit' }, continuation: { kind: 'comm', sender: b, receiver: a, branches: [{ label: { name: 'pong', sort: 'unit' }, continuation: { kind: 'var', name: 't' } }] } }] } });
const req = (k: number, conc: number, max: number) => ({ schema_version: 'lean_bridge.v1', choreographies: Array.from({ length: k }, () => ({ schema_version: 'lean_bridge.v1', global_type: pp('A', 'B'), roles: ['A', 'B'] })), concurrency: conc, max_steps: max });

it('smoke', async () => {
  const r = req(4, 2, 200);
  const c = runCooperative(r);
  const t1 = await runThreaded({ ...r, concurrency: 1 });
  expect(c.ok && t1.ok).toBe(true);
  if (!c.ok || !t1.ok) return;
  expect(t1.value.output).toEqual({ ...c.value.output, concurrency: 1 });
  const w1 = await runThreaded(r, { mode: 'wave_parallel_extension', workers: 1, stepStates: false });
  const pool = createThreadedPool({ workers: 2 });
  const w2 = await runThreaded(r, { mode: 'wave_parallel_extension', pool, stepStates: false });
  await pool.close();
  if (!w1.ok) console.log(w1.error);
  if (!w2.ok) console.log(w2.error);
  expect(w1.ok && w2.ok).toBe(true);
  if (!w1.ok || !w2.ok) return;
  console.log(w1.value.output.steps_executed, w1.value.diagnostics?.final_tick, w1.value.diagnostics?.threaded?.max_wave_width, c.value.output.steps_executed);
  expect(w2.value).toEqual(w1.value);
});
