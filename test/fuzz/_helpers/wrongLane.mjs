// A deliberately wrong external runner for the fuzz CLI tests: answers every run request with an
// empty completed run, so any request whose cooperative run has events differs. Without arguments
// it reads one request to EOF (the Lean runner's process model); with --serve it answers one
// request per stdin line (bridge.md §1 line mode).
import { createInterface } from 'node:readline';
import { text } from 'node:stream/consumers';

const answer = (request) =>
  `${JSON.stringify({ concurrency: request.concurrency ?? 1, schema_version: 'lean_bridge.v1', sessions: [], status: 'completed', step_states: [], steps_executed: 0, trace: [] })}\n`;

if (process.argv.includes('--serve')) {
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== '') process.stdout.write(answer(JSON.parse(line)));
  }
} else {
  process.stdout.write(answer(JSON.parse(await text(process.stdin))));
}
