import { describe, expect, test } from 'vitest';
import { parseRunOutput } from '../../src/bridge/parseRunOutput.js';

const V = 'lean_bridge.v1';
const base = {
  concurrency: 1,
  schema_version: V,
  sessions: [{ schema_version: V, sid: 0, terminal: false }],
  status: 'completed',
  step_states: [],
  steps_executed: 2,
  trace: [{ kind: 'opened', role: 'A,B', schema_version: V, session: 0, tick: 0 }],
};
const text = (o: unknown) => JSON.stringify(o);
const message = (t: string) => {
  const r = parseRunOutput(t);
  if (r.ok) throw new Error('expected a rejection');
  expect(r.error).toMatchObject({ code: 'ParseError', path: '$' });
  return r.error.message.replace('Failed to parse protocol-machine runner output: ', '');
};

describe('parseRunOutput — strict order of bridge.md §6.2', () => {
  test('accepts a Lean-shaped output; step_states default to []; any status string and event kind', () => {
    expect(parseRunOutput(`${text(base)}\n`)).toEqual({ ok: true, value: base });
    const { step_states: _omit, ...noSteps } = base;
    expect(
      parseRunOutput(
        text({
          ...noSteps,
          status: 'ok',
          trace: [{ kind: 'epoch_advanced', schema_version: V, tick: 3, session: 0, epoch: 1 }],
        }),
      ),
    ).toMatchObject({ ok: true, value: { step_states: [], status: 'ok' } });
    expect(
      parseRunOutput(
        text({ ...base, effect_trace: [], effect_exchanges: [], output_condition_trace: [], semantic_objects: {} }),
      ).ok,
    ).toBe(true);
  });

  test('1. not JSON, or two JSON lines', () => {
    expect(message('{"a":')).not.toBe('');
    expect(message(`${text(base)}\n${text(base)}\n`)).not.toBe('');
  });

  test('2. the first unknown root key wins over everything else', () => {
    expect(message(text({ ...base, schema_version: 'v0', zeta: 1 }))).toBe(
      'unknown field `zeta` in ProtocolMachineRunOutput',
    );
  });

  test('3. missing and mistyped fields, nested versions required and exact', () => {
    const { trace: _t, ...noTrace } = base;
    expect(message(text(noTrace))).toBe('missing field `trace`');
    expect(message(text({ ...base, steps_executed: -1 }))).toMatch(/expected u64 at \$\.steps_executed/);
    expect(message(text({ ...base, trace: [{ kind: 'opened', tick: 0 }] }))).toBe(
      'missing field `schema_version` at $.trace[0]',
    );
    expect(message(text({ ...base, sessions: [{ schema_version: 'v2', sid: 0, terminal: false }] }))).toBe(
      "unsupported schema_version 'v2' for Lean bridge payload; expected 'lean_bridge.v1' at $.sessions[0]",
    );
    expect(message(text({ ...base, step_states: [{ event: { kind: 'halted', tick: 1, target: '0' } }] }))).toBe(
      'missing field `schema_version` at $.step_states[0].event',
    );
    expect(message(text({ ...base, trace: [{ kind: 7, schema_version: V, tick: 0 }] }))).toMatch(
      /expected a string at \$\.trace\[0\]\.kind/,
    );
  });

  test('absent and null optional event fields are the same (BR-DEV-07)', () => {
    expect(
      parseRunOutput(
        text({
          ...base,
          trace: [{ kind: 'halted', schema_version: V, tick: 1, target: '0', session: null, reason: null }],
        }),
      ).ok,
    ).toBe(true);
  });

  test('4. the root version is checked last', () => {
    expect(message(text({ ...base, schema_version: 'lean_bridge.v0' }))).toBe(
      "unsupported schema_version 'lean_bridge.v0' for ProtocolMachineRunOutput; expected 'lean_bridge.v1'",
    );
    expect(message(text({ ...base, schema_version: 'lean_bridge.v0', status: 3 }))).toMatch(
      /expected a string at \$\.status/,
    );
  });
});
