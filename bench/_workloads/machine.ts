/**
 * Cooperative engine throughput on the recursive ping-pong, 10^6 steps, trace off and on (events,
 * no step states), alternating. argv: `<checkout dir> <rounds>`. Answers
 * `{ off: [{ steps, cpuMs, wallMs }], on: [...] }`, one entry per round (after one warm-up each).
 */
import { answer, loadApi, timed } from './api.js';
import { pingPongRequest } from './pingPong.js';

const [dir = '.', roundsArg = '5'] = process.argv.slice(2);
const api = await loadApi(dir);
const request = pingPongRequest(1, 1, 1_000_000);

async function once(trace: boolean): Promise<{ steps: number; cpuMs: number; wallMs: number }> {
  let steps = 0;
  const t = await timed(() => {
    const r = api.runCooperative(request, { trace, stepStates: false });
    if (!r.ok) throw new Error(r.error.message);
    steps = r.value.output.steps_executed;
  });
  return { steps, ...t };
}

await once(false);
await once(true);
const off = [];
const on = [];
for (let k = 0; k < Number(roundsArg); k += 1) {
  off.push(await once(false));
  on.push(await once(true));
}
answer({ off, on });
