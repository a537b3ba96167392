import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { processLane } from '../../src/bridge/processLane.js';
import { referenceLane } from '../../src/bridge/referenceLane.js';
import type { Lane } from '../../src/bridge/Lane.js';

const runner = (name: string): string => fileURLToPath(new URL(`../fixtures/runners/${name}.mjs`, import.meta.url));
const refBin = fileURLToPath(new URL('../../dist/src/reference/bin.js', import.meta.url));
const request = JSON.parse(
  readFileSync(new URL('../fixtures/runners/requests/client-server.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const empty = { schema_version: 'lean_bridge.v1', choreographies: [], concurrency: 2, max_steps: 5 };
const node = process.execPath;

const lanes: Lane[] = [];
const track = (lane: Lane): Lane => {
  lanes.push(lane);
  return lane;
};
afterAll(async () => {
  for (const lane of lanes) await lane.close?.();
});

describe('processLane — the reference runner as a process (one per request)', () => {
  const lane = processLane('ref', [node, refBin]);

  test('gives exactly the in-process reference output', async () => {
    const spawned = await lane.run(request);
    const inProcess = await referenceLane().run(request);
    expect(spawned).toEqual(inProcess);
    expect(spawned.ok && spawned.value.diagnostics).toBeNull();
  });

  test('keeps integers past 2^53 exact both ways (u64 concurrency echoed)', async () => {
    const r = await lane.run({ ...empty, concurrency: 18446744073709551615n });
    expect(r).toMatchObject({ ok: true, value: { output: { concurrency: 18446744073709551615n } } });
  });

  test('rejects a bad request client-side, before spawning', async () => {
    const r = await lane.run({ ...request, schema_version: 'lean_bridge.v0' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'ParseError',
        path: '$.schema_version',
        message: "unsupported schema_version 'lean_bridge.v0' for ProtocolMachineRunInput; expected 'lean_bridge.v1'",
      },
    });
  });

  test('with client checks off, a runner hard failure is ProcessFailed with the runner stderr', async () => {
    const raw = processLane('ref', [node, refBin], { clientChecks: false });
    const r = await raw.run({
      ...request,
      choreographies: [{ schema_version: 'lean_bridge.v1', global_type: { kind: 'end' }, roles: ['A', 'A'] }],
    });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'ProcessFailed',
        path: '$',
        exitCode: 1,
        stderr: 'uncaught exception: bad choreography image: duplicate entry-point role\n',
        message:
          'protocol-machine runner failed with exit code 1: uncaught exception: bad choreography image: duplicate entry-point role',
      },
    });
  });

  test('a configured command is never skipped silently: one that does not resolve is BinaryNotFound', async () => {
    expect(await lane.available()).toEqual({ ok: true });
    const missing = processLane('x', './no/such/runner');
    // issue #12 item 12: a lane that cannot start says so in available(), as a set-up error
    expect(await missing.available()).toMatchObject({ ok: false, error: { code: 'BinaryNotFound' } });
    expect(await missing.run(empty)).toMatchObject({
      ok: false,
      error: { code: 'BinaryNotFound', binary: './no/such/runner' },
    });
    expect(await processLane('x', './no/such/runner', { serve: true }).run(empty)).toMatchObject({
      ok: false,
      error: { code: 'BinaryNotFound' },
    });
  });
});

describe('processLane — serve mode against telltale-lean-ref --serve', () => {
  test('answers many requests from one process, equal to the in-process reference', async () => {
    const lane = track(processLane('ref', `"${node}" "${refBin}" --serve`, { serve: true }));
    const expected = await referenceLane().run(request);
    const answers = await Promise.all([lane.run(request), lane.run(empty), lane.run(request)]);
    expect(answers[0]).toEqual(expected);
    expect(answers[2]).toEqual(expected);
    expect(answers[1]).toMatchObject({
      ok: true,
      value: { output: { concurrency: 2, status: 'completed', trace: [] } },
    });
  });

  test('turns an {"error":…} answer into ProcessFailed{exitCode: 1} and keeps serving', async () => {
    const lane = track(processLane('ref', [node, refBin, '--serve'], { serve: true, clientChecks: false }));
    const r = await lane.run({
      schema_version: 'lean_bridge.v1',
      choreographies: 'nope',
      concurrency: 1,
      max_steps: 1,
    });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'ProcessFailed',
        path: '$',
        exitCode: 1,
        stderr: 'uncaught exception: missing choreographies: array expected',
        message:
          'protocol-machine runner failed with exit code 1: uncaught exception: missing choreographies: array expected',
      },
    });
    expect((await lane.run(empty)).ok).toBe(true);
  });
});

describe('processLane — misbehaving runners give exact BridgeError codes', () => {
  const fake = (name: string, options = {}) => processLane(name, [node, runner(name)], { timeoutMs: 5000, ...options });

  test('hangs → TimedOut', async () => {
    expect(await fake('hang', { timeoutMs: 300 }).run(empty)).toEqual({
      ok: false,
      error: {
        code: 'TimedOut',
        path: '$',
        operation: 'run',
        timeoutMs: 300,
        message: "protocol-machine runner operation 'run' timed out after 300ms",
      },
    });
  });

  test('crashes → ProcessFailed with exit code and stderr tail', async () => {
    expect(await fake('crash').run(empty)).toMatchObject({
      ok: false,
      error: { code: 'ProcessFailed', exitCode: 1, stderr: 'uncaught exception: boom from fake runner\n' },
    });
  });

  test('exits non-zero after printing an answer → ProcessFailed (stdout ignored)', async () => {
    expect(await fake('exit3').run(empty)).toMatchObject({ ok: false, error: { code: 'ProcessFailed', exitCode: 3 } });
  });

  test('prints garbage → ParseError', async () => {
    const r = await fake('garbage').run(empty);
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'ParseError',
        path: '$',
        message: expect.stringMatching(/^Failed to parse protocol-machine runner output: /),
      },
    });
  });

  test('prints two lines → ParseError', async () => {
    expect(await fake('twolines').run(empty)).toMatchObject({ ok: false, error: { code: 'ParseError' } });
  });

  test('prints an unknown root key → ParseError naming it', async () => {
    expect(await fake('extrakey').run(empty)).toEqual({
      ok: false,
      error: {
        code: 'ParseError',
        path: '$',
        message: 'Failed to parse protocol-machine runner output: unknown field `bogus` in ProtocolMachineRunOutput',
      },
    });
  });

  test('prints too much → OutputTooLarge', async () => {
    expect(await fake('toomuch', { maxOutputBytes: 50_000 }).run(empty)).toEqual({
      ok: false,
      error: {
        code: 'OutputTooLarge',
        path: '$',
        limitBytes: 50_000,
        message: 'protocol-machine runner output exceeds 50000 bytes',
      },
    });
  });

  test('sends the request as compact JSON on stdin, without arguments', async () => {
    const echo = processLane('echo', [node, runner('echo')], { clientChecks: false });
    // The echo runner returns our request as its "output": unknown root keys prove what was sent.
    const r = await echo.run({ schema_version: 'lean_bridge.v1', choreographies: [], concurrency: 1, max_steps: 1 });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'ParseError', message: expect.stringContaining('unknown field `choreographies`') },
    });
  });
});

describe('processLane — serve mode restarts and limits', () => {
  test('restarts a serve process that exits after each answer', async () => {
    const lane = track(processLane('dies', [node, runner('serve-dies')], { serve: true }));
    for (let i = 0; i < 3; i += 1)
      expect(await lane.run(empty)).toMatchObject({ ok: true, value: { output: { status: 'completed' } } });
  });

  test('times out a silent request, kills the process and serves the next request from a fresh one', async () => {
    // The limit covers a fresh process's start-up too, so leave room for a loaded CI machine.
    const lane = track(
      processLane('picky', [node, runner('serve-picky')], { serve: true, timeoutMs: 2000, clientChecks: false }),
    );
    expect(await lane.run({ ...empty, max_steps: 999 })).toMatchObject({
      ok: false,
      error: { code: 'TimedOut', timeoutMs: 2000 },
    });
    expect(await lane.run(empty)).toMatchObject({ ok: true });
    expect(await lane.run({ ...empty, max_steps: 997 })).toMatchObject({ ok: false, error: { code: 'ParseError' } });
    expect(await lane.run(empty)).toMatchObject({ ok: true });
  });

  test('enforces the output limit per answer line', async () => {
    const lane = track(
      processLane('picky', [node, runner('serve-picky')], {
        serve: true,
        maxOutputBytes: 100_000,
        clientChecks: false,
      }),
    );
    expect(await lane.run({ ...empty, max_steps: 998 })).toMatchObject({
      ok: false,
      error: { code: 'OutputTooLarge', limitBytes: 100_000 },
    });
    expect(await lane.run(empty)).toMatchObject({ ok: true });
  });

  test('close() kills a serve process that ignores EOF', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tt-serve-'));
    const pidFile = path.join(dir, 'pid');
    const lane = processLane('stubborn', [node, runner('serve-stubborn'), pidFile], { serve: true });
    expect((await lane.run(empty)).ok).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await lane.close?.();
    expect(() => process.kill(pid, 0)).toThrow();
    rmSync(dir, { recursive: true, force: true });
  });

  test('close() stops the process and a later run starts a new one', async () => {
    const lane = processLane('ref', [node, refBin, '--serve'], { serve: true });
    expect((await lane.run(empty)).ok).toBe(true);
    await lane.close?.();
    await lane.close?.();
    expect((await lane.run(empty)).ok).toBe(true);
    await lane.close?.();
  });

  test('an extra line never shifts answers: it fails its own request (ParseError) and the server restarts', async () => {
    const lane = track(processLane('extra', [node, runner('serve-extra')], { serve: true, clientChecks: false }));
    const steps = async (max: number): Promise<number | string> => {
      const r = await lane.run({ ...empty, max_steps: max });
      return r.ok ? r.value.output.steps_executed : r.error.code;
    };
    expect(await steps(64)).toBe(64);
    expect(await steps(2)).toBe('ParseError');
    expect(await steps(64)).toBe(64);
    expect(await steps(1)).toBe(1);
    // the stray line of request 1 arrives while nothing is pending: the server is restarted
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await steps(64)).toBe(64);
    // two writes: the second line is caught before the answer is handed over, or restarts the server
    expect([3, 'ParseError']).toContain(await steps(3));
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const max of [64, 5, 64]) expect(await steps(max)).toBe(max);
    const r = await lane.run({ ...empty, max_steps: 2 });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'ParseError', message: expect.stringMatching(/a second line for one request.+restarted/) },
    });
  });
});
