#!/usr/bin/env node
// buggy-runner: a lean_bridge.v1 runner with one bug, for the walk-through in README.md beside this
// file. It speaks the runner protocol telltale-parity drives: one request on stdin, the bridge-form
// output on stdout (exit 1 with a message on stderr when it rejects the request), or, with --serve,
// one request per line and one answer line each.
//
// Like most real runners it wraps an engine — here telltale-parity's independent reference
// executor — and adds glue of its own: an output step that drops message events that a flaky
// transport delivered twice. That step has the bug.
import { createInterface } from 'node:readline';
import { runReference } from 'telltale-parity';

/** Drops redelivered message events: the same event seen twice in a session is kept once. */
function dropRedelivered(trace) {
  const seen = new Set();
  return trace.filter((event) => {
    if (event.kind !== 'sent' && event.kind !== 'received') return true;
    const key = [event.session, event.kind, event.sender, event.receiver, event.label].join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The answer to one request: the bridge-form output, or the reason it was rejected. */
function answer(text) {
  const result = runReference(JSON.parse(text));
  if (!result.ok) return { ok: false, message: result.error.message };
  const { output } = result.value;
  return {
    ok: true,
    output: {
      schema_version: output.schema_version,
      trace: dropRedelivered(output.trace),
      sessions: output.sessions,
      steps_executed: output.steps_executed,
      concurrency: output.concurrency,
      status: output.status,
      step_states: output.step_states,
    },
  };
}

function safely(text) {
  try {
    return answer(text);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

if (process.argv.includes('--serve')) {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const a = safely(line);
    const reply = a.ok ? a.output : { error: { exit_code: 1, message: `uncaught exception: ${a.message}` } };
    process.stdout.write(`${JSON.stringify(reply)}\n`);
  }
} else {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const a = safely(text);
  if (a.ok) process.stdout.write(JSON.stringify(a.output));
  else {
    process.stderr.write(`uncaught exception: ${a.message}\n`);
    process.exitCode = 1;
  }
}
