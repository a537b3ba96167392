// A deliberately wrong external runner for the fuzz CLI tests: answers every run request with an
// empty completed run, so any request whose cooperative run has events differs.
import { text } from 'node:stream/consumers';

const request = JSON.parse(await text(process.stdin));
process.stdout.write(`${JSON.stringify({ concurrency: request.concurrency ?? 1, schema_version: 'lean_bridge.v1', sessions: [], status: 'completed', step_states: [], steps_executed: 0, trace: [] })}\n`);
