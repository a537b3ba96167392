// `node runSteps.mjs ENGINE STEPS TRACE`: the ping-pong loop on the built engine, in this process
// (the CLI has no trace switch). Exit 1 if the run fails.
import { runCooperative } from '../../dist/src/machine/runCooperative.js';
import { runThreaded } from '../../dist/src/threaded/runThreaded.js';

const [engine = 'cooperative', steps = '1000000', trace = 'off'] = process.argv.slice(2);
const pingPong = JSON.parse(process.env.TT_PING_PONG ?? 'null');
const request = {
  schema_version: 'lean_bridge.v1',
  choreographies: [{ schema_version: 'lean_bridge.v1', global_type: pingPong, roles: ['A', 'B'] }],
  concurrency: 1,
  max_steps: Number(steps),
};
const options = { trace: trace === 'on' };
const r = engine === 'threaded' ? await runThreaded(request, options) : runCooperative(request, options);
if (!r.ok || r.value.output.steps_executed !== Number(steps)) process.exitCode = 1;
