import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const entry = fileURLToPath(new URL('../../dist/src/index.js', import.meta.url));
const run = promisify(execFile);

// `npm test` builds dist/ first (when stale); locally run `npx tsc -p tsconfig.build.json`.
describe.skipIf(!existsSync(entry))('compiled dist/ workers (no TS loader)', () => {
  test('a wave-parallel run on worker threads from dist/ equals the calling-thread run, and crashes are typed', async () => {
    const script = `
      const { createThreadedPool, runThreaded } = await import(${JSON.stringify(entry)});
      const g = { kind: 'rec', var: 't', body: { kind: 'comm', sender: 'A', receiver: 'B', branches: [{ label: { name: 'ping', sort: 'unit' }, continuation: { kind: 'comm', sender: 'B', receiver: 'A', branches: [{ label: { name: 'pong', sort: 'unit' }, continuation: { kind: 'var', name: 't' } }] } }] } };
      const req = { schema_version: 'lean_bridge.v1', choreographies: Array.from({ length: 5 }, () => ({ schema_version: 'lean_bridge.v1', global_type: g, roles: ['A', 'B'] })), concurrency: 2, max_steps: 400 };
      const pool = createThreadedPool({ workers: 2 });
      const a = await runThreaded(req, { mode: 'wave_parallel_extension', pool, stepStates: false });
      const b = await runThreaded(req, { mode: 'wave_parallel_extension', workers: 1, stepStates: false });
      const c = await runThreaded(req, { mode: 'wave_parallel_extension', pool, stepStates: false, faultInjection: 'exit-in-round' });
      await pool.close();
      console.log(JSON.stringify({ ok: a.ok && b.ok, same: JSON.stringify(a) === JSON.stringify(b), steps: a.ok ? a.value.output.steps_executed : -1, crash: c.ok ? 'ok' : c.error.code }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 });
    expect(JSON.parse(stdout.trim())).toEqual({ ok: true, same: true, steps: 400, crash: 'WorkerCrashed' });
  });

  test('a pool starts under V8 and process-wide flags (which worker threads refuse when listed), in a script file and in node -e', async () => {
    const script = `
      const { createThreadedPool, runThreaded } = await import(${JSON.stringify(entry)});
      const g = { kind: 'rec', var: 't', body: { kind: 'comm', sender: 'A', receiver: 'B', branches: [{ label: { name: 'ping', sort: 'unit' }, continuation: { kind: 'var', name: 't' } }] } };
      const req = { schema_version: 'lean_bridge.v1', choreographies: [0, 1].map(() => ({ schema_version: 'lean_bridge.v1', global_type: g, roles: ['A', 'B'] })), concurrency: 2, max_steps: 50 };
      const pool = createThreadedPool({ workers: 1 });
      const r = await runThreaded(req, { mode: 'wave_parallel_extension', pool, stepStates: false });
      await pool.close();
      console.log(JSON.stringify({ ok: r.ok, steps: r.ok ? r.value.output.steps_executed : -1 }));
    `;
    const flags = ['--max-old-space-size=2048', '--stack-size=2000', '--expose-gc'];
    const dir = mkdtempSync(join(tmpdir(), 'tp-flags-'));
    try {
      const file = join(dir, 'pool.mjs');
      writeFileSync(file, script);
      for (const args of [
        [...flags, file],
        [...flags, '--input-type=module', '-e', script],
      ]) {
        const { stdout } = await run(process.execPath, args, { timeout: 30_000 });
        expect(JSON.parse(stdout.trim()), args.slice(0, 4).join(' ')).toEqual({ ok: true, steps: 50 });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
