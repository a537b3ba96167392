import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

// A process-wide V8 setting: exercised in child processes on the built module, never in the test runner.
const entry = fileURLToPath(new URL('../../dist/src/fuzz/compileOnWorkerThreads.js', import.meta.url));
const run = promisify(execFile);

/** Calls compileOnWorkerThreads(workers, cores) in a fresh node, then asks a worker started after it. */
async function probe(
  workers: number,
  cores: number,
  nodeArgs: readonly string[] = [],
): Promise<{ set: boolean; workerConcurrent: boolean }> {
  const worker =
    'import { parentPort } from "node:worker_threads"; parentPort.postMessage(%IsConcurrentRecompilationSupported());';
  const script = `
    import { Worker } from 'node:worker_threads';
    const m = await import(${JSON.stringify(entry)});
    const set = m.compileOnWorkerThreads(${workers}, ${cores});
    const w = new Worker(${JSON.stringify(worker)}, { eval: true });
    const workerConcurrent = await new Promise((resolve) => w.once('message', resolve));
    await w.terminate();
    console.log(JSON.stringify({ set, workerConcurrent }));`;
  const { stdout } = await run(
    process.execPath,
    ['--allow-natives-syntax', ...nodeArgs, '--input-type=module', '-e', script],
    { timeout: 30_000 },
  );
  return JSON.parse(stdout.trim()) as { set: boolean; workerConcurrent: boolean };
}

describe.skipIf(!existsSync(entry))('compileOnWorkerThreads', () => {
  test('workers that fill the cores compile on their own threads', async () => {
    expect(await probe(2, 2)).toEqual({ set: true, workerConcurrent: false });
    expect(await probe(4, 2)).toEqual({ set: true, workerConcurrent: false });
  });

  test('with a core to spare, or one worker, V8 keeps compiling in the background', async () => {
    expect(await probe(2, 4)).toEqual({ set: false, workerConcurrent: true });
    expect(await probe(1, 1)).toEqual({ set: false, workerConcurrent: true });
  });

  test("leaves the user's own setting alone", async () => {
    expect(await probe(2, 2, ['--concurrent-recompilation'])).toEqual({ set: false, workerConcurrent: true });
    expect(await probe(2, 2, ['--no-concurrent-recompilation'])).toEqual({ set: false, workerConcurrent: false });
  });
});
