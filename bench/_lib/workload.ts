/**
 * Measured work runs in plain Node child processes on the built package (`dist/`), outside Vite's
 * transform (which turns every imported binding into a property read and slows hot loops about
 * twentyfold): the numbers are what users of the package get. A workload is a script in
 * `bench/_workloads/` (TypeScript, run with tsx's loader, which leaves the imported `dist/` code
 * as it is) that prints one JSON line as its last line of output.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** This checkout's root (the package the benches measure). */
export const kRoot = fileURLToPath(new URL('../../', import.meta.url));

function args(script: string, argv: readonly string[], nodeFlags: readonly string[]): string[] {
  const file = fileURLToPath(new URL(`../_workloads/${script}.ts`, import.meta.url));
  return [...nodeFlags, '--import', 'tsx', file, ...argv];
}

function parse<T>(script: string, status: number | null, stdout: string, stderr: string): T {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (status !== 0 || !last.startsWith('{'))
    throw new Error(`workload ${script} exited ${String(status)}: ${stderr.trim().split('\n').slice(-5).join(' / ')}`);
  return JSON.parse(last) as T;
}

/** Runs a workload to completion and returns its JSON answer. */
export function runWorkload<T>(script: string, argv: readonly string[], nodeFlags: readonly string[] = []): T {
  const r = spawnSync(process.execPath, args(script, argv, nodeFlags), {
    cwd: kRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return parse<T>(script, r.status, r.stdout, r.stderr);
}

/** Runs a workload without blocking (for processes that must run side by side). */
export function startWorkload<T>(
  script: string,
  argv: readonly string[],
  nodeFlags: readonly string[] = [],
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args(script, argv, nodeFlags), { cwd: kRoot });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(parse<T>(script, code, out, err));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** Bench options for a measurement that runs once (its workloads repeat and alternate themselves). */
export const kOnce = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 } as const;

/**
 * `fn` measured once however often the bench runner calls it: tinybench calls a task function
 * before the warm-up and the run to learn whether it is async, and once per iteration; every call
 * after the first returns the first call's promise.
 */
export function measureOnce(fn: () => Promise<void> | void): () => Promise<void> {
  let started: Promise<void> | undefined;
  return () => (started ??= Promise.resolve().then(fn));
}
