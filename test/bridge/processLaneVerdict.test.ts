/**
 * Issue #11 §1: a process lane is judged on its own answer. It sends the request as given after only
 * the pre-spawn check of bridge.md §6.1; `clientChecks: true` is the explicit opt-in to our loader's
 * verdict; load verdicts and Lean texts are what comparisons look at.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { checkBeforeSpawn, checkRunRequest } from '../../src/bridge/checkRunRequest.js';
import { loadVerdict, sameLeanText } from '../../src/bridge/loadVerdict.js';
import { parseLaneCommand } from '../../src/bridge/parseLaneSpec.js';
import { processLane } from '../../src/bridge/processLane.js';
import { referenceLane } from '../../src/bridge/referenceLane.js';
import { run } from '../../src/bridge/run.js';
import type { Lane } from '../../src/bridge/Lane.js';
import { laneVsCooperative } from '../../src/fuzz/properties/laneVsCooperative.js';
import { defaultImplementations } from '../../src/fuzz/implementations.js';
import { createContext, closeContext } from '../../src/fuzz/_internals/createContext.js';
import { kCliPath } from '../fuzz/_helpers/runCli.js';
import type { RunRequest } from '../../src/types/bridge.js';

const node = process.execPath;
const refBin = fileURLToPath(new URL('../../dist/src/reference/bin.js', import.meta.url));
const runner = (name: string): string => fileURLToPath(new URL(`../fixtures/runners/${name}.mjs`, import.meta.url));
const unit = (name: string) => ({ name, sort: 'unit' });
const msg = (s: string, r: string, l: string, cont: unknown = { kind: 'end' }) => ({
  kind: 'comm',
  sender: s,
  receiver: r,
  branches: [{ label: unit(l), continuation: cont }],
});
const request = (roles: readonly string[], g: unknown = msg('A', 'B', 'm')): RunRequest => ({
  schema_version: 'lean_bridge.v1',
  choreographies: [{ schema_version: 'lean_bridge.v1', global_type: g, roles }],
  concurrency: 1,
  max_steps: 16,
});
// `C` and `D` are bystanders of A→B{x. C→A:m, y. D→A:m}: both rejected, D listed first.
const twoRejected = request(['D', 'C', 'A', 'B'], {
  kind: 'comm',
  sender: 'A',
  receiver: 'B',
  branches: [
    { label: unit('x'), continuation: msg('C', 'A', 'm') },
    { label: unit('y'), continuation: msg('D', 'A', 'm') },
  ],
});

const lanes: Lane[] = [];
const track = (lane: Lane): Lane => {
  lanes.push(lane);
  return lane;
};
afterAll(async () => {
  for (const lane of lanes) await lane.close?.();
});

describe('the pre-spawn check (bridge.md §6.1) is the only client check of a process lane', () => {
  test('checks the root schema_version and the u64 request fields, nothing else', () => {
    expect(checkBeforeSpawn({ ...request(['A']), schema_version: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'ParseError', path: '$.schema_version' },
    });
    expect(checkBeforeSpawn([])).toMatchObject({ ok: false, error: { path: '$.schema_version' } });
    expect(checkBeforeSpawn({ ...request(['A']), max_steps: 18446744073709551616n })).toMatchObject({
      ok: false,
      error: { code: 'ParseError', path: '$.max_steps' },
    });
    // What the loader rejects goes through: the runner judges it.
    for (const r of [request(['A', 'A']), twoRejected, { schema_version: 'lean_bridge.v1', choreographies: 'x' }])
      expect(checkBeforeSpawn(r).ok).toBe(true);
    expect(checkRunRequest(request(['A', 'A'])).ok).toBe(false);
  });

  test('a runner that accepts what the loader rejects is heard: its output is the answer', async () => {
    const buggy = track(processLane('buggy', [node, runner('buggy-loader'), 'dedupe-roles']));
    const r = await buggy.run(request(['A', 'B', 'A']));
    expect(r).toMatchObject({ ok: true, value: { output: { status: 'completed' } } });
    // The same lane with the explicit opt-in answers our loader's verdict instead, without asking.
    const checked = track(processLane('buggy', [node, runner('buggy-loader'), 'dedupe-roles'], { clientChecks: true }));
    expect(await checked.run(request(['A', 'B', 'A']))).toEqual({
      ok: false,
      error: {
        code: 'validation_failed',
        path: '$.choreographies[0]',
        message: 'bad choreography image: duplicate entry-point role',
      },
    });
  });

  test("a rejection is the runner's own hard failure, in run and serve mode", async () => {
    for (const lane of [
      track(processLane('ref', [node, refBin])),
      track(processLane('ref', [node, refBin, '--serve'], { serve: true })),
    ]) {
      const r = await lane.run(twoRejected);
      expect(r).toMatchObject({ ok: false, error: { code: 'ProcessFailed', exitCode: 1 } });
      expect(loadVerdict(r, true)).toMatchObject({
        accepted: false,
        text: 'bad choreography image: projection mismatch for role C',
      });
    }
  });

  test('run(request, { lane }) does not check before a process lane: the runner answers', async () => {
    const r = await run(request(['A', 'B', 'A']), {
      lane: track(processLane('buggy', [node, runner('buggy-loader'), 'dedupe-roles'])),
    });
    expect(r.ok).toBe(true);
    // In-process lanes still answer with the client-side checks.
    expect(await run(request(['A', 'B', 'A']), { lane: 'reference' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
  });

  test('telltale-parity run --lane NAME=CMD prints what the runner said', () => {
    const cli = (lane: string, req: unknown) =>
      spawnSync(node, [kCliPath, 'run', '-', '--lane', lane], { input: JSON.stringify(req), encoding: 'utf8' });
    const accepted = cli(`buggy=${node} ${runner('buggy-loader')} dedupe-roles`, request(['A', 'B', 'A']));
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toContain('"status":"completed"');
    const rejected = cli(`ref=serve:${node} ${refBin} --serve`, twoRejected);
    expect(rejected.status).toBe(1);
    expect(JSON.parse(rejected.stderr)).toMatchObject({
      code: 'ProcessFailed',
      exitCode: 1,
      stderr: 'uncaught exception: bad choreography image: projection mismatch for role C',
    });
  });
});

describe('Lean-compatible lanes', () => {
  test('lean: and serve: prefixes, in either order', () => {
    expect(parseLaneCommand('lean:serve:run --serve')).toEqual({
      command: 'run --serve',
      serve: true,
      leanTexts: true,
    });
    expect(parseLaneCommand('serve: lean: run')).toEqual({ command: 'run', serve: true, leanTexts: true });
    expect(parseLaneCommand('run')).toEqual({ command: 'run', serve: false, leanTexts: false });
    expect(parseLaneCommand('lean:').command).toBe('');
  });

  test('the reference lane, telltale-lean-ref commands and lean: lanes speak the Lean texts; others do not', async () => {
    expect(referenceLane().leanTexts).toBe(true);
    expect(processLane('ref', [node, refBin]).leanTexts).toBe(true);
    expect(processLane('x', [node, runner('echo')]).leanTexts).toBe(false);
    expect(processLane('x', [node, runner('echo')], { leanTexts: true }).leanTexts).toBe(true);
    const ctx = await createContext({ lean: null, lanes: { a: `lean:${node} x.mjs`, b: `serve:${node} x.mjs` } });
    try {
      expect([ctx.lanes.a?.leanTexts, ctx.lanes.b?.leanTexts]).toEqual([true, false]);
      expect([ctx.lanes.a?.kind, ctx.lanes.b?.kind]).toEqual(['process', 'process']);
    } finally {
      await closeContext(ctx);
    }
  });

  test('texts compare on their pinned part (bridge.md §1)', () => {
    expect(sameLeanText('bad choreography: unknown kind', 'bad choreography: expected object')).toBe(true);
    expect(sameLeanText('bad choreography: x', 'bad choreography image: duplicate entry-point role')).toBe(false);
    expect(sameLeanText('missing concurrency: Natural number expected', 'missing concurrency: nat')).toBe(true);
    expect(
      sameLeanText(
        'bad choreography image: projection mismatch for role C',
        'bad choreography image: projection mismatch for role D',
      ),
    ).toBe(false);
    expect(loadVerdict({ ok: false, error: { code: 'TimedOut', path: '$', message: 't' } }, true)).toMatchObject({
      accepted: false,
      text: null,
    });
  });

  test('lane-NAME-vs-cooperative compares accepted vs rejected always, the text only for Lean-compatible lanes', async () => {
    const property = laneVsCooperative('buggy');
    const implementations = defaultImplementations();
    const judge = async (command: string, input: RunRequest) => {
      const ctx = await createContext({ lean: null, lanes: { buggy: command } });
      try {
        return await property.check(input, { ...ctx, implementations });
      } finally {
        await closeContext(ctx);
      }
    };
    const listed = `serve:${node} ${runner('buggy-loader')} listed-order --serve`;
    // Rejects too, with another text: a difference only when the lane is declared Lean-compatible.
    expect((await judge(listed, twoRejected)).pass).toBe(true);
    const verdict = await judge(`lean:${listed}`, twoRejected);
    expect(verdict).toMatchObject({
      pass: false,
      summary: expect.stringContaining("cooperative 'bad choreography image: projection mismatch for role C'"),
    });
    // Accepting what the loader rejects is a difference for every lane.
    const dedupe = await judge(`${node} ${runner('buggy-loader')} dedupe-roles`, request(['A', 'B', 'A']));
    expect(dedupe).toMatchObject({ pass: false, summary: expect.stringContaining('cooperative rejected the request') });
    // Nested schema versions are not a runner's to check (BR-DEV-03): no difference.
    const nested = request(['A', 'B']);
    const stale = { ...nested, choreographies: [{ ...nested.choreographies[0], schema_version: 'v0' }] } as RunRequest;
    expect((await judge(`lean:${node} ${refBin}`, stale)).pass).toBe(true);
  });
});
