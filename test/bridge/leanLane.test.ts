import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { findDefaultLeanRunner, leanLane } from '../../src/bridge/leanLane.js';
import { isReferenceRunnerCommand } from '../../src/bridge/referenceRunnerCommand.js';
import { run } from '../../src/bridge/run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tt-lean-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const request = { schema_version: 'lean_bridge.v1', choreographies: [], concurrency: 1, max_steps: 1 };
const refBin = fileURLToPath(new URL('../../dist/src/reference/bin.js', import.meta.url));
const reason = 'lean lane: no Lean runner configured or found';

describe('leanLane (bridge.md §7): only a real Lean runner, never replaced', () => {
  test('is skipped with the stated reason when nothing is configured or found', async () => {
    const lane = leanLane({ env: {}, cwd: dir });
    expect(await lane.available()).toEqual({ ok: false, reason });
    expect(await lane.run(request)).toEqual({
      ok: false,
      error: { code: 'LaneSkipped', path: '$', skipped: reason, message: reason },
    });
  });

  test('TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER turns the skip into BinaryNotFound (not for "0")', async () => {
    const strict = leanLane({ env: { TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER: '1' }, cwd: dir });
    expect(await strict.available()).toEqual({ ok: true });
    expect(await strict.run(request)).toMatchObject({ ok: false, error: { code: 'BinaryNotFound' } });
    expect(await leanLane({ env: { TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER: '0' }, cwd: dir }).available()).toEqual({
      ok: false,
      reason,
    });
  });

  test('a configured command that does not resolve is BinaryNotFound, a set-up problem, not a silent skip', async () => {
    const lane = leanLane({ command: './nowhere/protocol_machine_runner', env: {}, cwd: dir });
    // issue #12 item 12: available() reports the set-up error (it used to say ok and fail per request)
    expect(await lane.available()).toMatchObject({
      ok: false,
      reason: 'protocol-machine runner binary not found at ./nowhere/protocol_machine_runner',
      error: { code: 'BinaryNotFound', binary: './nowhere/protocol_machine_runner' },
    });
    expect(await lane.run(request)).toMatchObject({
      ok: false,
      error: { code: 'BinaryNotFound', binary: './nowhere/protocol_machine_runner' },
    });
    expect(await leanLane({ env: { TELLTALE_LEAN_RUNNER: './nowhere/x' }, cwd: dir }).run(request)).toMatchObject({
      ok: false,
      error: { code: 'BinaryNotFound' },
    });
  });

  test('runs a configured runner (here a protocol-speaking stand-in)', async () => {
    const standIn = fileURLToPath(new URL('../fixtures/runners/lean-stand-in.mjs', import.meta.url));
    const lane = leanLane({ command: `"${process.execPath}" "${standIn}"`, env: { PATH: process.env.PATH ?? '' } });
    expect(await lane.run(request)).toMatchObject({
      ok: true,
      value: { output: { status: 'completed' }, diagnostics: null },
    });
  });

  test("finds telltale's build path under the first ancestor with lean/.lake (≤ 5 levels up)", () => {
    const root = path.join(dir, 'ws');
    const deep = path.join(root, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    mkdirSync(path.join(root, 'lean', '.lake'), { recursive: true });
    expect(findDefaultLeanRunner(deep)).toBeNull();
    const bin = path.join(root, 'lean', '.lake', 'build', 'bin', 'protocol_machine_runner');
    mkdirSync(path.dirname(bin), { recursive: true });
    writeFileSync(bin, '#!/bin/sh\n');
    chmodSync(bin, 0o755);
    expect(findDefaultLeanRunner(deep)).toBe(bin);
    expect(findDefaultLeanRunner(path.join(deep, 'd', 'e', 'f', 'g'))).toBeNull();
  });

  test('run(request, { lane }) never falls back: an unavailable lane answers LaneSkipped', async () => {
    expect(await run(request, { lane: leanLane({ env: {}, cwd: dir }) })).toMatchObject({
      ok: false,
      error: { code: 'LaneSkipped', skipped: reason },
    });
    expect(await run(request, { lane: 'reference' })).toMatchObject({
      ok: true,
      value: { output: { status: 'completed' } },
    });
    expect(await run({ ...request, schema_version: 'x' }, { lane: 'cooperative' })).toMatchObject({
      ok: false,
      error: { code: 'ParseError', path: '$.schema_version' },
    });
  });
});

describe('naming honesty: telltale-lean-ref is never the lean lane', () => {
  test('a configured command that runs the reference runner is skipped with the reason', async () => {
    for (const command of ['telltale-lean-ref', 'npx telltale-lean-ref', `${process.execPath} ${refBin}`]) {
      const lane = leanLane({ command });
      const availability = await lane.available();
      expect(availability, command).toMatchObject({
        ok: false,
        reason: expect.stringContaining('the reference runner, not Lean'),
      });
      expect(await lane.run({})).toMatchObject({ ok: false, error: { code: 'LaneSkipped' } });
    }
    expect(isReferenceRunnerCommand('lean/.lake/build/bin/protocol_machine_runner')).toBe(false);
    expect(isReferenceRunnerCommand(`${process.execPath} ./test/fixtures/runners/lean-stand-in.mjs`)).toBe(false);
  });
});
