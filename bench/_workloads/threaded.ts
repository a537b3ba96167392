/**
 * Threaded engine vs cooperative on 64 independent ping-pong sessions × 1,000 round trips (10
 * steps each), lanes 2, `wave_parallel_extension`, trace off — machine.md §11.8's bench. Engines
 * alternate round by round (cooperative, threaded with 1, 2, 4 workers), each on a pool created
 * once. argv: `<checkout dir> <rounds>`. Answers `{ rates: { [engine]: [{ steps, cpuMs, wallMs }] } }`.
 */
import { answer, loadApi, timed, type ThreadedPool } from './api.js';
import { pingPongRequest } from './pingPong.js';

const [dir = '.', roundsArg = '5'] = process.argv.slice(2);
const api = await loadApi(dir);
const SESSIONS = 64;
const request = pingPongRequest(SESSIONS, 2, SESSIONS * 1000 * 10);
const pools = new Map<number, ThreadedPool>([2, 4].map((w) => [w, api.createThreadedPool({ workers: w - 1 })]));

async function once(engine: string): Promise<{ steps: number; cpuMs: number; wallMs: number }> {
  let steps = 0;
  const t = await timed(async () => {
    const w = engine === 'cooperative' ? 0 : Number(engine.split(' ')[1]);
    const r =
      w === 0
        ? api.runCooperative(request, { trace: false })
        : await api.runThreaded(request, {
            mode: 'wave_parallel_extension',
            trace: false,
            workers: w,
            ...(w > 1 ? { pool: pools.get(w) } : {}),
          });
    if (!r.ok) throw new Error(r.error.message);
    steps = r.value.output.steps_executed;
  });
  return { steps, ...t };
}

const engines = ['cooperative', 'workers 1', 'workers 2', 'workers 4'];
for (const e of engines) await once(e);
const rates: Record<string, { steps: number; cpuMs: number; wallMs: number }[]> = {};
for (let k = 0; k < Number(roundsArg); k += 1) for (const e of engines) (rates[e] ??= []).push(await once(e));
for (const p of pools.values()) await p.close();
answer({ rates });
