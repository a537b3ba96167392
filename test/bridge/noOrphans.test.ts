import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { processLane } from '../../src/bridge/processLane.js';
import { runCampaign } from '../../src/fuzz/runCampaign.js';
import { processesWith, uniqueMarker, waitFor } from '../_helpers/processes.js';
import { kCliPath } from '../fuzz/_helpers/runCli.js';

// No process we start outlives us, however we end (issue #12 items 6 and 9). The runner fixture
// starts a child in its process group and one that leaves it with setsid while holding stdout; all
// three carry a marker in their command line, by which the tests count what is left. Counting is
// by polling with generous limits: no timing is asserted.
const family = fileURLToPath(new URL('../fixtures/runners/family.mjs', import.meta.url));
const node = process.execPath;
const request = { schema_version: 'lean_bridge.v1', choreographies: [], concurrency: 1, max_steps: 5 };
let dir: string;
let requestFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-orphans-'));
  requestFile = join(dir, 'request.json');
  writeFileSync(requestFile, JSON.stringify(request));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const cliEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.TELLTALE_LEAN_RUNNER;
  return env;
};
const noneLeft = (marker: string): Promise<boolean> => waitFor(() => processesWith(marker).length === 0);

describe.runIf(process.platform === 'linux')('no orphans, no hangs on runners that misbehave', () => {
  test('a descendant that leaves the process group and holds stdout neither delays the answer nor survives', async () => {
    const marker = uniqueMarker('setsid');
    const lane = processLane('family', [node, family, marker, 'answer'], { timeoutMs: 60_000 });
    const r = await lane.run(request);
    expect(r).toMatchObject({ ok: true, value: { output: { status: 'completed' } } });
    expect(await noneLeft(marker)).toBe(true);
  });

  test('run: the same through the CLI (exit 0, nothing left)', async () => {
    const marker = uniqueMarker('run-setsid');
    const r = spawnSync(node, [kCliPath, 'run', requestFile, '--lane', `f=${node} ${family} ${marker} answer`], {
      encoding: 'utf8',
      env: cliEnv(),
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(await noneLeft(marker)).toBe(true);
  });

  test('run: a hanging runner times out from the spawn; the runner and its descendants are killed', async () => {
    const marker = uniqueMarker('run-timeout');
    const r = spawnSync(node, [kCliPath, 'run', requestFile, '--lane', `f=${node} ${family} ${marker} hang`], {
      encoding: 'utf8',
      env: cliEnv({ TELLTALE_PROTOCOL_MACHINE_TIMEOUT_MS: '1500' }),
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stderr)).toMatchObject({ code: 'TimedOut', timeoutMs: 1500 });
    expect(await noneLeft(marker)).toBe(true);
  });

  test.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)(
    'run with a serve: lane, ended by %s: nothing left',
    async (signal) => {
      const marker = uniqueMarker(`run-serve-${signal}`);
      const cli = spawn(
        node,
        [kCliPath, 'run', requestFile, '--lane', `f=serve:${node} ${family} ${marker} serve-hang`],
        {
          stdio: 'ignore',
          env: cliEnv(),
        },
      );
      const exited = new Promise((resolve) => cli.once('exit', resolve));
      expect(await waitFor(() => processesWith(marker).length >= 3)).toBe(true);
      cli.kill(signal);
      await exited;
      expect(await noneLeft(marker)).toBe(true);
    },
  );

  test.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)(
    'fuzz with 2 workers, ended by %s while runners hang: nothing left',
    async (signal) => {
      const marker = uniqueMarker(`fuzz-${signal}`);
      const cli = spawn(
        node,
        [
          kCliPath,
          'fuzz',
          '--time',
          '10m',
          '--workers',
          '2',
          '--properties',
          'lane-f-vs-cooperative',
          '--lane',
          `f=${node} ${family} ${marker} hang`,
          '--corpus',
          join(dir, `corpus-${signal}`),
        ],
        { stdio: 'ignore', env: cliEnv() },
      );
      const exited = new Promise((resolve) => cli.once('exit', resolve));
      // Both workers have a runner (with its two descendants) in flight.
      expect(await waitFor(() => processesWith(marker).length >= 6, 60_000)).toBe(true);
      cli.kill(signal);
      await exited;
      expect(await noneLeft(marker)).toBe(true);
    },
  );

  test('a worker task that times out takes its runners with it: they never pile up', async () => {
    const marker = uniqueMarker('task-timeout');
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, processesWith(marker).length);
    }, 100);
    try {
      const report = await runCampaign({
        timeMs: 8000,
        workers: 2,
        chunkTimeoutMs: 1000,
        properties: ['lane-f-vs-cooperative'],
        lanes: { f: `${node} ${family} ${marker} hang` },
        corpusDir: null,
        seed: 1,
      });
      // Every chunk hung: each is a warning, never a pass.
      expect(report.warnings.some((w) => w.includes('did not finish'))).toBe(true);
    } finally {
      clearInterval(sampler);
    }
    expect(await noneLeft(marker)).toBe(true);
    // Two workers with one runner family (3 processes) each, plus one replacement while the
    // watchdog of a terminated worker cleans up; without the clean-up each timeout adds 3.
    expect(most).toBeLessThanOrEqual(12);
  });
});
