/**
 * The threaded bench's workload on the cooperative engine alone (64 ping-pong sessions × 1,000
 * round trips, trace off), `runs` times in a row: one process of it next to two at once gives this
 * machine's two-process scaling for that workload. argv: `<checkout dir> <runs>`. Answers `{ wallMs }`.
 */
import { answer, loadApi } from './api.js';
import { pingPongRequest } from './pingPong.js';

const [dir = '.', runsArg = '8'] = process.argv.slice(2);
const api = await loadApi(dir);
const request = pingPongRequest(64, 2, 64 * 1000 * 10);
api.runCooperative(request, { trace: false });
const t0 = performance.now();
for (let k = 0; k < Number(runsArg); k += 1) {
  const r = api.runCooperative(request, { trace: false });
  if (!r.ok) throw new Error(r.error.message);
}
answer({ wallMs: performance.now() - t0 });
