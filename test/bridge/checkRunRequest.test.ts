import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runRequestCaseArb } from '../../arbitraries/index.js';
import { checkRunRequest, checkRunRequestText } from '../../src/bridge/checkRunRequest.js';

const end = { kind: 'end' };
const ab = {
  kind: 'comm',
  sender: 'A',
  receiver: 'B',
  branches: [{ label: { name: 'm', sort: 'unit' }, continuation: end }],
};
const choreo = (global_type: unknown, roles: unknown, extra: Record<string, unknown> = {}) => ({
  schema_version: 'lean_bridge.v1',
  global_type,
  roles,
  ...extra,
});
const req = (choreographies: unknown[], extra: Record<string, unknown> = {}) => ({
  schema_version: 'lean_bridge.v1',
  choreographies,
  concurrency: 1,
  max_steps: 8,
  ...extra,
});
const error = (json: unknown) => {
  const r = checkRunRequest(json);
  if (r.ok) throw new Error('expected a rejection');
  return r.error;
};

describe('checkRunRequest — bridge.md §5.3 client-side checks', () => {
  test('accepts a good request and returns it unchanged (unknown fields included)', () => {
    const good = req([choreo(ab, ['B', 'A'], { note: 'x' })], { trace_id: 'abc' });
    expect(checkRunRequest(good)).toEqual({ ok: true, value: good });
  });

  test.each([
    ['lean_bridge.v2', "'lean_bridge.v2'"],
    [undefined, "'null'"],
    [1, "'1'"],
    [null, "'null'"],
  ])('rejects root schema_version %j, never normalizing it', (v, shown) => {
    const json: Record<string, unknown> = req([]);
    if (v === undefined) delete json.schema_version;
    else json.schema_version = v;
    expect(error(json)).toEqual({
      code: 'ParseError',
      path: '$.schema_version',
      message: `unsupported schema_version ${shown} for ProtocolMachineRunInput; expected 'lean_bridge.v1'`,
    });
  });

  test('rejects a choreography schema_version (missing or wrong) at its index, before loading anything', () => {
    const missing = { global_type: ab, roles: ['A'] };
    expect(error(req([choreo({ kind: 'bogus' }, ['A']), missing]))).toEqual({
      code: 'ParseError',
      path: '$.choreographies[1].schema_version',
      message: "unsupported schema_version 'null' for Lean bridge payload; expected 'lean_bridge.v1'",
    });
    expect(error(req([choreo(ab, ['A'], { schema_version: 'v1' })]))).toMatchObject({
      path: '$.choreographies[0].schema_version',
      message: expect.stringContaining("'v1' for Lean bridge payload"),
    });
  });

  test('reuses the runner texts for missing fields, in the runner order', () => {
    expect(error({ schema_version: 'lean_bridge.v1' })).toEqual({
      code: 'ParseError',
      path: '$.choreographies',
      message: 'missing choreographies: property not found: choreographies',
    });
    expect(error(req([], { concurrency: -1 }))).toEqual({
      code: 'ParseError',
      path: '$.concurrency',
      message: 'missing concurrency: Natural number expected',
    });
    expect(error(req([], { max_steps: 2.5 }))).toEqual({
      code: 'ParseError',
      path: '$.max_steps',
      message: 'missing max_steps: Natural number expected',
    });
    expect(error([])).toMatchObject({ code: 'ParseError', path: '$' });
  });

  test('a choreography that fails to decode is bad choreography at $.choreographies[k]', () => {
    const e = error(req([choreo(ab, ['A']), choreo({ kind: 'nope' }, ['A'])]));
    expect(e).toMatchObject({ code: 'ParseError', path: '$.choreographies[1]' });
    expect(e.message).toMatch(/^bad choreography: /);
    expect(error(req([choreo(ab, 'A')]))).toMatchObject({
      path: '$.choreographies[0]',
      message: 'bad choreography: array expected',
    });
  });

  test('applies the loader: duplicate role, projection mismatch (first in code-point order)', () => {
    expect(error(req([choreo(ab, ['A', 'B', 'A'])]))).toEqual({
      code: 'validation_failed',
      path: '$.choreographies[0]',
      message: 'bad choreography image: duplicate entry-point role',
    });
    const loop = {
      kind: 'rec',
      var: 't',
      body: {
        ...ab,
        branches: [
          { label: { name: 'more', sort: 'unit' }, continuation: { kind: 'var', name: 't' } },
          { label: { name: 'stop', sort: 'unit' }, continuation: end },
        ],
      },
    };
    expect(error(req([choreo(loop, ['Z', 'A', 'B', 'C'])]))).toEqual({
      code: 'validation_failed',
      path: '$.choreographies[0]',
      message: 'bad choreography image: projection mismatch for role C',
    });
  });

  test('keeps legal requests legal: a listed role absent from the type that the check accepts', () => {
    expect(checkRunRequest(req([choreo(ab, ['A', 'B', 'Z'])])).ok).toBe(true);
    expect(checkRunRequest(req([choreo(end, [])])).ok).toBe(true);
  });

  test('enforces 256 sessions and 1024 coroutines with the runner texts', () => {
    const sessions = Array.from({ length: 257 }, () => choreo(end, []));
    expect(error(req(sessions))).toEqual({
      code: 'too_many_sessions',
      path: '$.choreographies[256]',
      message: 'too many sessions while loading choreographies: 256',
    });
    expect(checkRunRequest(req(sessions.slice(1))).ok).toBe(true);
    const roles = Array.from({ length: 512 }, (_, i) => `R${i}`);
    expect(checkRunRequest(req([choreo(end, roles), choreo(end, roles)])).ok).toBe(true);
    expect(error(req([choreo(end, roles), choreo(end, roles), choreo(end, ['X'])]))).toEqual({
      code: 'too_many_coroutines',
      path: '$.choreographies[2]',
      message: 'too many coroutines while loading choreographies: 1024',
    });
  });

  test('checkRunRequestText: truncated JSON is ParseError at $ with invalid JSON', () => {
    expect(checkRunRequestText('{"schema_version":"lean_bridge.v1","choreographies":[')).toMatchObject({
      ok: false,
      error: { code: 'ParseError', path: '$', message: expect.stringMatching(/^invalid JSON: /) },
    });
    expect(checkRunRequestText('')).toMatchObject({ ok: false, error: { path: '$' } });
  });

  test('checkRunRequestText: naturals are exact and 1.0 is not a natural', () => {
    const big = checkRunRequestText(
      '{"schema_version":"lean_bridge.v1","choreographies":[],"concurrency":18446744073709551615,"max_steps":1}',
    );
    expect(big).toMatchObject({ ok: true, value: { concurrency: 18446744073709551615n } });
    expect(
      checkRunRequestText('{"schema_version":"lean_bridge.v1","choreographies":[],"concurrency":1.0,"max_steps":1}'),
    ).toMatchObject({ ok: false, error: { path: '$.concurrency' } });
  });
});

describe('checkRunRequest agrees with the loader verdicts runRequestCaseArb promises (seed 7301)', () => {
  test('accepted ↔ ok, rejected ↔ same code and path (and message where pinned)', () => {
    const anyText = expect.any(String);
    fc.assert(
      fc.property(runRequestCaseArb({ rejected: 0.5 }), ({ request, expected }) => {
        const r = checkRunRequest(request);
        expect(r).toMatchObject(
          expected.accepted
            ? { ok: true }
            : {
                ok: false,
                error: { code: expected.code, path: expected.path, message: expected.message ?? anyText },
              },
        );
      }),
      { seed: 7301, numRuns: 150 },
    );
  });
});
