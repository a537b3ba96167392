/**
 * Reliability under large budgets (issue #12): time and peak memory of the commands that used to
 * crash or hang, each measured end to end in its own process (Node start-up included) with the
 * built bins. Records rows of the bench table (target, value, baseline from the issue, met); never
 * gates. Numbers on a shared 2-core machine are noisy: compare runs made under the same load.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, bench, describe } from 'vitest';
import { pingPong } from '../test/_helpers/protocols.js';
import { fmt, recordRow } from './_lib/rows.js';
import { kOnce, measureOnce } from './_lib/workload.js';

const cli = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const peak = fileURLToPath(new URL('./fixtures/peakReport.mjs', import.meta.url));
const runSteps = fileURLToPath(new URL('./fixtures/runSteps.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tt-reliability-bench-'));

const request = (maxSteps: number, globalType: unknown = pingPong): string =>
  JSON.stringify({
    schema_version: 'lean_bridge.v1',
    choreographies: [{ schema_version: 'lean_bridge.v1', global_type: globalType, roles: ['A', 'B'] }],
    concurrency: 1,
    max_steps: maxSteps,
  });

// 100k nested recs, written as text (JSON.stringify recurses).
const deepRec = Array.from({ length: 100_000 }, (_, i) => `{"kind":"rec","var":"X${i}","body":`).join('');
const deepRecType = `${deepRec}{"kind":"comm","sender":"A","receiver":"B","branches":[{"label":{"name":"m","sort":"unit"},"continuation":{"kind":"end"}}]}${'}'.repeat(100_000)}`;
const files = {
  steps1e5: join(dir, 'steps-1e5.json'),
  steps1e6: join(dir, 'steps-1e6.json'),
  deepRequest: join(dir, 'deep-rec-request.json'),
  deepType: join(dir, 'deep-rec-type.json'),
  heap: join(dir, 'heap-100k.json'),
};
writeFileSync(files.steps1e5, request(100_000));
writeFileSync(files.steps1e6, request(1_000_000));
writeFileSync(files.deepRequest, request(10, '__TYPE__').replace('"__TYPE__"', deepRecType));
writeFileSync(files.deepType, deepRecType);
{
  // 100k heap_vectors_v1 documents in one array (the vector file heap check reads).
  const doc = readFileSync(new URL('../test/fixtures/heap/heap_vectors_v1.json', import.meta.url), 'utf8').trim();
  const fd = openSync(files.heap, 'w');
  writeSync(fd, '[');
  for (let i = 0; i < 100_000; i++) writeSync(fd, i === 0 ? doc : `,${doc}`);
  writeSync(fd, ']');
  closeSync(fd);
}

/** Runs `node --import peakReport ARGS`, stdout discarded; returns exit code, time and peak RSS. */
function measure(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { code: number | null; ms: number; peakMiB: number; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', peak, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TT_PING_PONG: JSON.stringify(pingPong), ...env },
    maxBuffer: 1 << 26,
  });
  const m = /TT_PEAK (\d+) (\d+)/.exec(r.stderr);
  return {
    code: r.status,
    ms: Number(m?.[2] ?? NaN),
    peakMiB: Math.round(Number(m?.[1] ?? NaN) / 1024),
    stderr: r.stderr.replace(/\nTT_PEAK.*\n?/, '').trim(),
  };
}

function scenario(
  name: string,
  args: readonly string[],
  goal: {
    readonly target: string;
    readonly met?: (r: ReturnType<typeof measure>) => boolean;
    readonly baseline: string;
  },
): void {
  bench(
    // eslint-disable-next-line vitest/valid-title -- the titles come from the scenario list below
    name,
    measureOnce(() => {
      const r = measure(args);
      const outcome = r.code === 0 ? 'ok' : (/"code":"(\w+)"/.exec(r.stderr)?.[1] ?? `exit ${r.code}`);
      const ok = goal.met?.(r);
      recordRow({
        area: 'reliability',
        measure: name,
        value: `${outcome}, ${fmt(r.ms)} ms, peak ${fmt(r.peakMiB)} MiB`,
        target: goal.target,
        baseline: goal.baseline,
        met: ok === undefined ? '—' : ok ? 'yes' : 'no',
      });
    }),
    kOnce,
  );
}

describe('reliability under large budgets (one process per measurement)', () => {
  scenario('1e6 steps, trace off (cooperative engine)', [runSteps, 'cooperative', '1000000', 'off'], {
    target: 'completes, peak < 256 MiB',
    met: (r) => r.code === 0 && r.peakMiB < 256,
    baseline: 'completed',
  });
  scenario('1e6 steps, trace off (threaded engine)', [runSteps, 'threaded', '1000000', 'off'], {
    target: 'completes, peak < 256 MiB',
    met: (r) => r.code === 0 && r.peakMiB < 256,
    baseline: 'completed',
  });
  scenario('1e5 steps, trace on: run --lane cooperative (125 MB output)', [cli, 'run', files.steps1e5], {
    target: 'completes, streamed',
    met: (r) => r.code === 0,
    baseline: '—',
  });
  scenario('1e5 steps, trace on: run --lane reference', [cli, 'run', files.steps1e5, '--lane', 'reference'], {
    target: 'completes, streamed',
    met: (r) => r.code === 0,
    baseline: '—',
  });
  scenario('1e6 steps, trace on: run --lane cooperative', [cli, 'run', files.steps1e6], {
    target: 'OutputTooLarge, peak < 1 GiB',
    met: (r) => r.code === 1 && r.stderr.includes('OutputTooLarge') && r.peakMiB < 1024,
    baseline: 'crash after 4.4 GB',
  });
  scenario(
    '1e6 steps, trace on: run --lane ref=telltale-lean-ref (a runner process)',
    [
      cli,
      'run',
      files.steps1e6,
      '--lane',
      `ref=${process.execPath} ${fileURLToPath(new URL('../dist/src/reference/bin.js', import.meta.url))}`,
    ],
    {
      target: 'limit named, exit 1',
      met: (r) => r.code === 1 && r.stderr.includes('exceeds'),
      baseline: 'heap OOM',
    },
  );
  scenario('100k-deep rec: run --lane reference (accepted)', [cli, 'run', files.deepRequest, '--lane', 'reference'], {
    target: '< 2000 ms',
    met: (r) => r.code === 0 && r.ms < 2000,
    baseline: '248 s, then ParseError',
  });
  // The engines are stack-safe since issue #12 item 4: the cooperative lane accepts it, as the
  // reference does (it used to answer a ParseError the reference never gives).
  scenario('100k-deep rec: run --lane cooperative (accepted)', [cli, 'run', files.deepRequest], {
    target: '< 2000 ms',
    met: (r) => r.code === 0 && r.ms < 2000,
    baseline: '248 s',
  });
  scenario('100k-deep rec: project --lean-compat', [cli, 'project', files.deepType, '--lean-compat'], {
    target: '< 2000 ms',
    met: (r) => r.code === 0 && r.ms < 2000,
    baseline: 'quadratic',
  });
  scenario('100k heap vectors (153 MB): heap check', [cli, 'heap', 'check', files.heap], {
    target: 'completes',
    met: (r) => r.code === 0,
    baseline: '—',
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
