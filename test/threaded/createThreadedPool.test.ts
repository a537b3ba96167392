import { afterAll, assert, describe, expect, test } from 'vitest';
import { createThreadedPool } from '../../src/threaded/createThreadedPool.js';

describe('createThreadedPool (real worker threads)', () => {
  const pool = createThreadedPool({ workers: 2 });
  afterAll(async () => {
    await pool.close();
  });

  test('runs tasks on worker threads (not the main thread)', async () => {
    const [a, b] = await Promise.all([
      pool.run({ kind: 'probe', behaviour: 'echo', value: 1 }, { timeoutMs: 20_000 }),
      pool.run({ kind: 'probe', behaviour: 'echo', value: 2 }, { timeoutMs: 20_000 }),
    ]);
    expect(a.ok && a.value.kind === 'probe' && a.value.value).toBe(1);
    expect(b.ok && b.value.kind === 'probe' && b.value.value).toBe(2);
    assert(a.ok && a.value.kind === 'probe', 'a probe reply');
    expect(a.value.threadId).not.toBe(0);
    expect(pool.workers).toBe(2);
  });

  test('a throwing worker becomes WorkerCrashed and the pool stays usable', async () => {
    const r = await pool.run({ kind: 'probe', behaviour: 'throw', value: 7 }, { timeoutMs: 20_000 });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'WorkerCrashed', message: expect.stringContaining('probe failure 7') },
    });
    const again = await pool.run({ kind: 'probe', behaviour: 'echo', value: 8 }, { timeoutMs: 20_000 });
    expect(again.ok).toBe(true);
  });

  test('process.exit inside a worker becomes WorkerCrashed, not a hung task', async () => {
    const r = await pool.run({ kind: 'probe', behaviour: 'exit', value: 0 }, { timeoutMs: 20_000 });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'WorkerCrashed', message: expect.stringContaining('process.exit(3)') },
    });
    expect((await pool.run({ kind: 'probe', behaviour: 'echo', value: 9 }, { timeoutMs: 20_000 })).ok).toBe(true);
  });

  test('a hung worker becomes TimedOut, is replaced, and the pool keeps working', async () => {
    const r = await pool.run({ kind: 'probe', behaviour: 'hang', value: 0 }, { timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, error: { code: 'TimedOut', timeoutMs: 300 } });
    const again = await pool.run({ kind: 'probe', behaviour: 'echo', value: 10 }, { timeoutMs: 20_000 });
    expect(again.ok).toBe(true);
  });

  test('close() is idempotent and later runs fail as data', async () => {
    const p = createThreadedPool({ workers: 1 });
    await Promise.all([p.close(), p.close()]);
    expect(p.closed).toBe(true);
    const r = await p.run({ kind: 'probe', behaviour: 'echo', value: 1 }, { timeoutMs: 1000 });
    expect(r.ok ? 'ok' : r.error.code).toBe('WorkerCrashed');
  });
});
